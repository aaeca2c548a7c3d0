"""The exemption catalogue the app loaded at start-up, for the routers that cite exemptions."""

from typing import Annotated

from fastapi import Depends, Request

from app.exemption.catalogue import Catalogue


def get_catalogue(request: Request) -> Catalogue:
    catalogue: Catalogue = request.app.state.catalogue
    return catalogue


CatalogueDep = Annotated[Catalogue, Depends(get_catalogue)]
