"""The demo's people and products: customer names, terms, addresses, tax ids, goods.

Names are Portuguese, Brazilian and Spanish businesses so the book shows
accented text everywhere; the story's customers come first.
"""

from __future__ import annotations

import random

STORY_CUSTOMERS: list[tuple[str, str, str, str]] = [
    (
        "Conceição & Filhos, Lda",
        "2% 10, net 30",
        "Rua das Flores 12, 4050-262 Porto",
        "PT501234567",
    ),
    ("Peña Hermanos S.L.", "net 30", "Calle Mayor 7, 28013 Madrid", "ESB12345678"),
    (
        "Açores Pescas, Lda",
        "2% 5, 1% 14, net 30",
        "Av. Infante D. Henrique 21, 9500-150 Ponta Delgada",
        "PT509876543",
    ),
    (
        "Distribuidora Paulista Ltda.",
        "net 30",
        "Rua Augusta 1500, 01304-001 São Paulo - SP",
        "12.345.678/0001-90",
    ),
    (
        "Ferragens Guimarães, Lda",
        "1% 14, net 30",
        "Largo do Toural 3, 4800-153 Guimarães",
        "PT502223334",
    ),
    (
        "Hernández y Asociados S.A.",
        "net 30",
        "Avenida de la Constitución 20, 41004 Sevilla",
        "ESA87654321",
    ),
    (
        "Mercearia São João, Lda",
        "2% 10, net 30",
        "Rua de São João 88, 1100-500 Lisboa",
        "PT507778889",
    ),
    (
        "Café Brasília Comércio Ltda.",
        "net 15",
        "SCS Quadra 2, 70300-902 Brasília - DF",
        "98.765.432/0001-10",
    ),
]

_SURNAMES = [
    "Almeida",
    "Barbosa",
    "Cardoso",
    "Carvalho",
    "Castro",
    "Correia",
    "Costa",
    "Díaz",
    "Fernandes",
    "Ferreira",
    "Figueiredo",
    "Gomes",
    "González",
    "Gonçalves",
    "Jiménez",
    "Lima",
    "Lopes",
    "López",
    "Marques",
    "Martín",
    "Martins",
    "Medeiros",
    "Mendes",
    "Moreira",
    "Muñoz",
    "Nogueira",
    "Núñez",
    "Oliveira",
    "Pereira",
    "Pinto",
    "Ramos",
    "Ribeiro",
    "Rodrigues",
    "Romero",
    "Sánchez",
    "Santos",
    "Silva",
    "Soares",
    "Sousa",
    "Teixeira",
    "Vasconcelos",
    "Vieira",
    "Araújo",
    "Brandão",
    "Peña",
]
_TRADES = [
    ("Padaria", "pt"),
    ("Mercearia", "pt"),
    ("Talho", "pt"),
    ("Ferragens", "pt"),
    ("Restaurante", "pt"),
    ("Pastelaria", "pt"),
    ("Construções", "pt"),
    ("Transportes", "pt"),
    ("Farmácia", "pt"),
    ("Panificadora", "br"),
    ("Distribuidora", "br"),
    ("Comércio de Alimentos", "br"),
    ("Autopeças", "br"),
    ("Materiais de Construção", "br"),
    ("Supermercado", "br"),
    ("Panadería", "es"),
    ("Ferretería", "es"),
    ("Distribuciones", "es"),
    ("Bodegas", "es"),
    ("Construcciones", "es"),
    ("Transportes", "es"),
    ("Alimentación", "es"),
]
_SUFFIX = {
    "pt": ["Lda", "& Filhos, Lda", "Unipessoal, Lda", "S.A."],
    "br": ["Ltda.", "ME", "EIRELI", "S.A."],
    "es": ["S.L.", "Hermanos S.L.", "S.A.", "e Hijos S.L."],
}
_CITIES = {
    "pt": ["Porto", "Lisboa", "Braga", "Coimbra", "Faro", "Aveiro", "Évora", "Funchal"],
    "br": [
        "São Paulo - SP",
        "Rio de Janeiro - RJ",
        "Belo Horizonte - MG",
        "Curitiba - PR",
        "Recife - PE",
    ],
    "es": ["Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao", "A Coruña", "Málaga"],
}
TERMS_MIX = [
    "net 30",
    "2% 10, net 30",
    "2% 5, 1% 14, net 30",
    "1% 14, net 30",
    "net 30",
    "net 15",
    "2% 10, net 45",
]

# description, low price, high price, quantity kind ("n" whole units, "kg" three decimals, "h" half hours)
PRODUCTS: list[tuple[str, str, str, str]] = [
    ("Bacalhau graúdo (kg)", "9.50", "18.90", "kg"),
    ("Azeite virgem extra 5 L", "24.00", "39.00", "n"),
    ("Vinho do Porto tawny 75 cl", "8.90", "32.00", "n"),
    ("Café torrado em grão (kg)", "11.00", "22.00", "kg"),
    ("Queijo da Serra (kg)", "19.00", "29.50", "kg"),
    ("Jamón ibérico de bellota (kg)", "45.00", "89.00", "kg"),
    ("Aceite de oliva virgen 1 L", "5.20", "9.80", "n"),
    ("Arroz carolino 1 kg", "1.10", "1.90", "n"),
    ("Feijão preto 1 kg", "1.40", "2.60", "n"),
    ("Farinha de mandioca (kg)", "2.10", "4.80", "kg"),
    ("Guaraná 2 L (caixa 6)", "9.00", "15.00", "n"),
    ("Conservas de atum (caixa 24)", "28.00", "44.00", "n"),
    ("Parafusos inox M6 (caixa 100)", "4.50", "9.90", "n"),
    ("Tinta acrílica branca 15 L", "39.00", "72.00", "n"),
    ("Cimento Portland 25 kg", "4.10", "6.90", "n"),
    ("Horas de consultoria", "45.00", "95.00", "h"),
    ("Horas de manutenção", "28.00", "55.00", "h"),
    ("Transporte e entrega", "15.00", "120.00", "n"),
    ("Embalagens de cartão (fardo)", "12.00", "30.00", "n"),
    ("Pão de queijo congelado (cx)", "18.00", "32.00", "n"),
]


def customer_names(count: int, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(name, terms, address, tax id) for `count` customers; the story's come first."""
    out = list(STORY_CUSTOMERS[:count])
    seen = {name for name, *_ in out}
    while len(out) < count:
        trade, country = rng.choice(_TRADES)
        surname = rng.choice(_SURNAMES)
        if country == "es":
            name = f"{trade} {surname} {rng.choice(_SUFFIX['es'])}"
        else:
            name = f"{trade} {surname} {rng.choice(_SUFFIX[country])}"
        if name in seen:
            name = f"{name} ({len(out) + 1})"
        seen.add(name)
        city = rng.choice(_CITIES[country])
        address = f"{rng.choice(['Rua', 'Avenida', 'Calle', 'Travessa'])} {rng.choice(_SURNAMES)} {rng.randint(1, 400)}, {city}"
        tax = {
            "pt": f"PT5{rng.randrange(10**8):08d}",
            "br": f"{rng.randrange(10**8):08d}/0001-{rng.randrange(100):02d}",
            "es": f"ESB{rng.randrange(10**8):08d}",
        }[country]
        out.append((name, rng.choice(TERMS_MIX), address, tax))
    return out
