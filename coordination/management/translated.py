"""Commands whose help is translated."""

from django.core.management.base import BaseCommand


class TranslatedCommand(BaseCommand):
    """A command whose `help` and arguments' help may be lazy translations.

    argparse formats them with regular expressions, which take only real strings: a lazy
    translation in the help of a command or of one of its arguments makes `--help` crash.
    """

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if parser.description is not None:
            parser.description = str(parser.description)
        for action in parser._actions:
            if action.help is not None:
                action.help = str(action.help)
        return parser
