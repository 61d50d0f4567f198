"""A production-size institution catalogue, generated deterministically (`tuilink sandbox generate-catalogue`).

Real Link searches about 12,000 institutions. This builds a catalogue of that size from word lists: banks,
credit unions, savings banks and brokerages named the way real ones are ("First National Bank of Cedar
Falls", "Riverbend Federal Credit Union", "Caisse Populaire de Trois-Rivières"), in the countries Link serves,
with products, OAuth, health, credentials, MFA and valid ABA routing numbers (check digit included). The
Sandbox's own test institutions (`assets/institutions.json`) always come first and are kept as they are.
The same seed gives the same catalogue, byte for byte.
"""
from __future__ import annotations

import json
import random
from typing import Any

from stdnum.us import rtn

from ..link.data import load

DEFAULT_COUNT = 12_000
DEFAULT_SEED = 2026

_PLACES = """Aberdeen Abilene Akron Alameda Albany Alder Allegheny Alpine Amarillo Anchorage Appleton Arbor Arcadia
Arlington Ashland Aspen Athens Atlantic Auburn Augusta Aurora Austin Bay Baxter Bayou Beacon Bedford Belmont Bend
Benton Berkshire Birch Bismarck Blackstone Bloomington Blue Ridge Boone Boulder Bradford Brazos Bridgeport Brookfield
Brunswick Buckeye Burlington Butte Caddo Calumet Cambridge Camden Canyon Cape Fear Carolina Carson Cascade Cedar
Cedar Falls Centennial Central Chattahoochee Chesapeake Cheyenne Chisholm Clark Clearwater Cleveland Clinton Coastal
Cobalt Colonial Columbia Concord Copper Cornerstone Coronado Cumberland Cypress Dakota Danville Dayton Delta Denali
Dixie Dover Eagle East Bay Eastern Edison Elk River Elm Emerald Essex Evergreen Fairfield Fairview Falcon Fayette
Flagstaff Flint Hills Forest Fox Valley Franklin Fremont Frontier Fulton Gadsden Galena Garden State Gateway Genesee
Gila Glacier Golden Granite Great Lakes Great Plains Greenwood Gulf Coast Hamilton Hancock Harbor Harrison Hartford
Hawkeye Heartland Hickory High Desert Highland Hill Country Holston Hoosier Horizon Hudson Huron Independence Iron
Jackson Jefferson Juniper Kanawha Kettle Keystone Kings Kinsey Knox Lafayette Lake Country Lakeland Lakeshore Lamar
Lancaster Laurel Lexington Liberty Lincoln Linden Little River Logan Lone Star Magnolia Mahoning Main Street Maple
Marion Maumee Meadow Mesa Miami Valley Mid-America Midland Mill Creek Mission Mohawk Monroe Montgomery Mountain West
Muskingum Mystic Narragansett Newport North Country North Shore Northern Oak Oakland Ocean Ohio Valley Old Dominion
Olympic Orange County Osage Ozark Pacific Palmetto Panhandle Park Patriot Peach State Pecos Pelican Penn Piedmont
Pike Pine Pinnacle Platte Plains Pocono Potomac Prairie Providence Pueblo Quaker Raleigh Rapids Red River Redwood
Ridgewood Rio Grande River Valley Riverbend Riverside Roanoke Rock Island Rocky Mountain Rolling Hills Sabine
Saguaro Salem Salt River Sandhills Santa Fe Saratoga Savannah Sawtooth Schuylkill Seneca Sequoia Shenandoah Sierra
Silver Lake Sioux Skyline Snake River Sonoran South Shore Southern Spokane Spring Valley Stillwater Stone Summit
Sunflower Sunrise Superior Susquehanna Tahoe Tallgrass Tamarack Teton Thousand Oaks Timber Tioga Tri-County Trinity
Tucson Tundra Twin Rivers Union Valley Ventura Vermilion Victory Village Vista Wabash Wasatch Washington Watauga
Wayne West Coast Western Wheatland White Mountain Wildwood Willamette Willow Creek Wilson Windward Winona Yadkin
Yellowstone Yosemite Yukon Zion"""
# Multi-word places are joined by the comma-free list below (the whitespace list above splits them).
_MULTI = ["Blue Ridge", "Cape Fear", "Cedar Falls", "East Bay", "Elk River", "Flint Hills", "Fox Valley",
          "Garden State", "Great Lakes", "Great Plains", "Gulf Coast", "High Desert", "Hill Country", "Lake Country",
          "Little River", "Lone Star", "Main Street", "Miami Valley", "Mill Creek", "Mountain West", "North Country",
          "North Shore", "Ohio Valley", "Old Dominion", "Orange County", "Peach State", "Red River", "Rio Grande",
          "River Valley", "Rock Island", "Rocky Mountain", "Rolling Hills", "Salt River", "Santa Fe", "Silver Lake",
          "Snake River", "South Shore", "Spring Valley", "Thousand Oaks", "Twin Rivers", "West Coast",
          "White Mountain", "Willow Creek"]
_ADJECTIVES = ["First", "Citizens", "Peoples", "Farmers", "Merchants", "Heritage", "Pioneer", "Liberty", "Security",
               "Community", "Home", "United", "American", "Guaranty", "Commerce", "Frontier", "Patriot", "Premier",
               "Founders", "Landmark", "Legacy", "Cornerstone", "Keystone", "Anchor", "Beacon", "Compass", "Crossroads",
               "Hometown", "Neighbors", "Unity", "Fidelity", "Prosperity", "Evergreen", "Golden", "Great Western"]
_SURNAMES = ["Abbott", "Barlow", "Carver", "Dalton", "Ellison", "Fairbanks", "Garrison", "Hale", "Ingram", "Jarvis",
             "Kendall", "Lowell", "Merritt", "Norwood", "Oakley", "Prescott", "Quincy", "Radcliffe", "Sterling",
             "Thornton", "Underwood", "Vance", "Whitmore", "Yardley", "Zimmer"]
_KINDS = [("Bank", 30), ("Credit Union", 22), ("Federal Credit Union", 14), ("Savings Bank", 6),
          ("Community Bank", 6), ("State Bank", 5), ("National Bank", 4), ("Bank & Trust", 4),
          ("Trust Company", 2), ("Savings and Loan", 2), ("Teachers Credit Union", 2), ("Employees Credit Union", 2),
          ("Investments", 2), ("Wealth Management", 1), ("Securities", 1)]
_FOREIGN: dict[str, tuple[list[str], list[str]]] = {
    # country: (name patterns, places) — names as local banks write them, accents included
    "CA": (["Caisse Populaire de {place}", "{place} Credit Union", "Banque de {place}", "{place} Savings"],
           ["Trois-Rivières", "Québec", "Montréal", "Sherbrooke", "Gatineau", "Lévis", "Saguenay", "Rimouski",
            "Okanagan", "Fraser Valley", "Kootenay", "Muskoka", "Niagara", "Prairie", "Algoma", "Cariboo"]),
    "GB": (["{place} Building Society", "Bank of {place}", "{place} Mutual", "{place} Savings Bank"],
           ["Cotswold", "Pennine", "Thames Valley", "Yorkshire Dales", "Cheshire", "Cumbria", "Mercia", "Wessex",
            "Northumbria", "Cornwall", "Solent", "Tyneside", "Chiltern", "Severn", "Lothian", "Grampian"]),
    "FR": (["Banque Populaire de {place}", "Caisse d'Épargne {place}", "Crédit Mutuel de {place}",
            "Banque Régionale de {place}"],
           ["Bretagne", "Normandie", "Provence", "Alsace", "Auvergne", "Bourgogne", "Lorraine", "Picardie",
            "Côte d'Azur", "Rhône-Alpes", "Aquitaine", "Limousin", "Champagne", "Savoie", "Gascogne", "Berry"]),
    "ES": (["Caja Rural de {place}", "Banco de {place}", "Caixa {place}", "Cooperativa de Crédito de {place}"],
           ["Córdoba", "Málaga", "Cádiz", "Navarra", "Aragón", "Galicia", "Asturias", "León", "Ávila", "Jaén",
            "Almería", "Cáceres", "Teruel", "Huelva", "Segovia", "Logroño"]),
    "DE": (["Sparkasse {place}", "Volksbank {place}", "Raiffeisenbank {place}", "{place}er Bank"],
           ["Münster", "Köln", "Düsseldorf", "Nürnberg", "Würzburg", "Lübeck", "Göttingen", "Tübingen",
            "Freiburg", "Bamberg", "Kassel", "Mainz", "Bremen", "Ulm", "Passau", "Coburg"]),
}
_COUNTRY_WEIGHTS = [("US", 930), ("CA", 25), ("GB", 20), ("FR", 10), ("ES", 8), ("DE", 7)]
# A second bank of the same region takes a district (as regional banks name their branches' banks)
_DISTRICTS = {"CA": ["North", "South", "East", "West", "Central"], "GB": ["North", "South", "East", "West", "Central"],
              "FR": ["Nord", "Sud", "Est", "Ouest", "Centre"], "ES": ["Norte", "Sur", "Este", "Oeste", "Centro"],
              "DE": ["Nord", "Süd", "Ost", "West", "Mitte"]}
_BANK_PRODUCTS = ("assets", "auth", "balance", "identity", "identity_match", "income_verification", "liabilities",
                  "signal", "statements", "transactions", "transfer")
_BROKER_PRODUCTS = ("assets", "balance", "identity", "investments", "statements", "transactions")
_EU_PRODUCTS = ("auth", "balance", "identity", "transactions")
_MFA = [(), ("code",), ("code", "device"), ("code", "device", "questions"), ("code", "questions"),
        ("code", "device", "questions", "selections")]
_CREDENTIALS = [{"name": "username", "label": "Username", "type": "text"},
                {"name": "password", "label": "Password", "type": "password"}]
_PIN = {"name": "pin", "label": "PIN", "type": "password"}


def _places() -> list[str]:
    multi_words = {w for place in _MULTI for w in place.split()}
    singles = [w for w in _PLACES.split() if w not in multi_words]
    return sorted(set(singles) | set(_MULTI))


def _weighted(rng: random.Random, choices: list[tuple[Any, int]]) -> Any:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _us_name(rng: random.Random, places: list[str]) -> tuple[str, str]:
    kind = _weighted(rng, _KINDS)
    place = rng.choice(places)
    style = rng.random()
    if kind in ("Investments", "Wealth Management", "Securities"):
        return f"{rng.choice(_SURNAMES)} {rng.choice(['&', 'and'])} {rng.choice(_SURNAMES)} {kind}", kind
    if style < 0.45:
        return f"{place} {kind}", kind
    if style < 0.65:
        return f"{rng.choice(_ADJECTIVES)} {kind} of {place}", kind
    if style < 0.80:
        return f"{rng.choice(_ADJECTIVES)} {place} {kind}", kind
    if style < 0.90:
        return f"{rng.choice(_ADJECTIVES)} {rng.choice(_ADJECTIVES)} {kind}", kind
    return f"{rng.choice(_SURNAMES)} {kind}", kind


def _routing(rng: random.Random) -> str:
    """A valid ABA routing number (Federal Reserve district prefix 01–12, check digit computed)."""
    body = f"{rng.randint(1, 12):02d}{rng.randint(0, 999999):06d}"
    return body + rtn.calc_check_digit(body)


def _institution(rng: random.Random, n: int, name: str, country: str, kind: str) -> dict[str, Any]:
    broker = kind in ("Investments", "Wealth Management", "Securities")
    if country != "US":
        products = list(_EU_PRODUCTS if country != "CA" else _BANK_PRODUCTS[:4] + ("investments", "transactions"))
    elif broker:
        products = list(_BROKER_PRODUCTS)
    else:
        products = [p for p in _BANK_PRODUCTS if p in ("auth", "balance", "identity", "transactions")
                    or rng.random() < 0.7]
    oauth = country in ("GB", "FR", "ES", "DE") or rng.random() < 0.12
    health = _weighted(rng, [("HEALTHY", 970), ("DEGRADED", 20), ("DOWN", 10)])
    slug = "".join(c for c in name.lower() if c.isalnum())[:40]
    return {
        "institution_id": f"ins_{200_000 + n}",
        "name": name,
        "country_codes": [country],
        "products": sorted(set(products)),
        "oauth": oauth,
        "health": health,
        "supported": rng.random() > 0.004,
        "auth_methods": ["instant_auth"] if "auth" in products else [],
        "routing_numbers": sorted({_routing(rng) for _ in range(rng.choice((1, 1, 1, 2)))}) if country == "US"
        and not broker else [],
        "credentials": [] if oauth else _CREDENTIALS + ([_PIN] if rng.random() < 0.04 else []),
        "mfa": list(rng.choice(_MFA)),
        "url": f"https://www.{slug}.example",
        "primary_color": f"#{rng.randrange(0x1000000):06x}",
        "sandbox": False,
        "note": "",
        "popular": False,
    }


def generate(count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """`count` institutions in all: the Sandbox's own first, then generated ones (unique names)."""
    base = load("institutions.json")["institutions"]
    rng = random.Random(seed)
    places = _places()
    seen = {i["name"].casefold() for i in base}
    generated: list[dict[str, Any]] = []
    attempts = 0
    while len(base) + len(generated) < count:
        attempts += 1
        if attempts > count * 50:
            raise ValueError(f"cannot make {count} distinct names from the word lists")
        country = _weighted(rng, _COUNTRY_WEIGHTS)
        if country == "US":
            name, kind = _us_name(rng, places)
        else:
            patterns, foreign_places = _FOREIGN[country]
            name, kind = rng.choice(patterns).format(place=rng.choice(foreign_places)), "Bank"
            if name.casefold() in seen:
                name = f"{name}-{rng.choice(_DISTRICTS[country])}" if country == "DE" else \
                    f"{name} {rng.choice(_DISTRICTS[country])}"
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        generated.append(_institution(rng, len(generated), name, country, kind))
    return {"institutions": base + generated}


def write(path: str, count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED) -> int:
    """Write the catalogue as JSON (the shape of assets/institutions.json); the number of institutions."""
    institutions = generate(count, seed)["institutions"]
    with open(path, "w", encoding="utf-8") as f:  # valid JSON, one institution per line (read line by line)
        f.write('{"institutions":[\n')
        f.write(",\n".join(json.dumps(i, ensure_ascii=False, separators=(",", ":")) for i in institutions))
        f.write("\n]}\n")
    return len(institutions)
