from tongbao.cli import main

main()
