"""What a caller chooses about processing a file, as one frozen, picklable object handed from the CLI (or a
library call) to `tongbao.process_file` and into the import's workers. The environment is read here, once,
at the CLI's edge (`Options.from_environment`), never inside the loaders.

    Options(parse=ParseOptions(ocr=False), spam_keyword_files=("my_spam.txt",), categories_file="cats.yaml")
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping

from tongbao.parsers.options import DEFAULT_OPTIONS, ParseOptions

SPAM_KEYWORDS_ENV = "TONGBAO_SPAM_KEYWORDS"  # files of extra spam keywords, separated by os.pathsep
CATEGORIES_ENV = "TONGBAO_CATEGORIES"  # a YAML file extending the taxonomy of problems


@dataclass(frozen=True)
class Options:
    parse: ParseOptions = field(default=DEFAULT_OPTIONS)
    spam_keyword_files: tuple[str, ...] = ()  # the user's spam keyword files, beside the shipped list
    categories_file: str | None = None  # the user's file extending the taxonomy

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None, *, parse: ParseOptions = DEFAULT_OPTIONS
                         ) -> "Options":
        environ = os.environ if environ is None else environ
        spam = tuple(p for p in environ.get(SPAM_KEYWORDS_ENV, "").split(os.pathsep) if p.strip())
        return cls(parse=parse, spam_keyword_files=spam, categories_file=environ.get(CATEGORIES_ENV) or None)


DEFAULT = Options()


def as_options(options: "Options | ParseOptions | None") -> Options:
    """Options from what a caller passed: parse options alone stand for Options with those."""
    if options is None:
        return DEFAULT
    return options if isinstance(options, Options) else Options(parse=options)
