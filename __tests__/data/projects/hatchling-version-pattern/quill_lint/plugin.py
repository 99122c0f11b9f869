import ast

from . import __version__


class Plugin:
    name = "quill-lint"
    version = __version__

    def __init__(self, tree: ast.AST):
        self.tree = tree

    def run(self):
        for node in ast.walk(self.tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                doc = ast.get_docstring(node)
                if doc and not doc.rstrip().endswith("."):
                    yield (node.lineno, node.col_offset,
                           "Q001 docstring should end with a period", type(self))
