import asyncio
import sys

from .client import Harbor


def main() -> int:
    async def run() -> None:
        async with Harbor(sys.argv[1]) as hb:
            for project in await hb.projects():
                print(project["name"])

    asyncio.run(run())
    return 0
