from .__about__ import __version__

AU_KM = 149_597_870.7
LY_KM = 9_460_730_472_580.8
PARSEC_LY = 3.261_563_777


def parsec_to_ly(pc):
    return pc * PARSEC_LY


def au_to_km(au):
    return au * AU_KM


__all__ = ["__version__", "parsec_to_ly", "au_to_km"]
