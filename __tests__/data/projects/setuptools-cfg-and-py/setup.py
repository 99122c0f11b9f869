from setuptools import setup

setup(
    install_requires=["requests>=2.28", 'tomli>=1.1; python_version < "3.11"'],
    extras_require={"cli": ["click>=8"], "docs:python_version >= '3.9'": ["sphinx"]},
)
