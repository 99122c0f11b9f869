import httpx


class Harbor:
    def __init__(self, base_url: str, *, token: str = "") -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.AsyncClient(base_url=f"{base_url}/api/v2.0", headers=headers)

    async def __aenter__(self) -> "Harbor":
        return self

    async def __aexit__(self, *exc) -> None:
        await self._http.aclose()

    async def projects(self) -> list:
        response = await self._http.get("/projects")
        response.raise_for_status()
        return response.json()
