"""tongbao: Chinese government evaluation notices (通报) in, structured data out.

Library API:
    parse_file(path) -> Document             (parsers)
    normalize_document(doc) -> Document      (normalize)
    extract_record(doc) -> Record            (tongbao.extract)
    process_file(path) -> Record             (all three)
"""
from tongbao.model import Document, Record  # noqa: F401

__version__ = "0.1.0"


def process_file(path):  # re-exported lazily to keep `import tongbao` cheap
    from tongbao.pipeline import process_file as _process

    return _process(path)
