import os
import re

from setuptools import find_packages, setup

HERE = os.path.abspath(os.path.dirname(__file__))


def read(*parts):
    with open(os.path.join(HERE, *parts), encoding="utf-8") as fh:
        return fh.read()


def find_version():
    match = re.search(r'^__version__ = "([^"]+)"', read("pingmon", "__init__.py"), re.M)
    if not match:
        raise RuntimeError("unable to find __version__")
    return match.group(1)


setup(
    name="pingmon",
    version=find_version(),
    description="Tiny ICMP/TCP reachability monitor with a plain-text report",
    long_description=read("README.txt"),
    long_description_content_type="text/plain",
    author="Linus Example",
    author_email="linus@example.net",
    maintainer="Pingmon Team",
    maintainer_email="team@example.net",
    url="https://example.net/pingmon",
    download_url="https://example.net/pingmon/downloads",
    license="Apache-2.0",
    platforms=["Linux", "macOS"],
    keywords=["ping", "monitoring", "network"],
    classifiers=[
        "Development Status :: 3 - Alpha",
        "Environment :: Console",
        "License :: OSI Approved :: Apache Software License",
        "Programming Language :: Python :: 3",
        "Topic :: System :: Networking :: Monitoring",
    ],
    project_urls={
        "Source": "https://github.com/example/pingmon",
        "Funding": "https://example.net/pingmon/sponsor",
    },
    packages=find_packages(exclude=["tests", "tests.*"]),
    python_requires=">=3.8, !=3.9.0",
    install_requires=[
        "requests>=2.25,<3",
        "tomli>=1.1; python_version<'3.11'",
    ],
    extras_require={
        "rich": ["rich>=12"],
        "dev": ["pytest", "flake8>=5"],
    },
    entry_points={"console_scripts": ["pingmon=pingmon.cli:main"]},
)
