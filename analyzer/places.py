"""Place names, English and French (and a few countries and cities in Spanish, Italian,
Portuguese and German): countries and big cities, as the first word a churn cue reads
after "moving to" ("I'm moving to China", "we're moving to New York", "je pars à Montréal"). A
person who moves house is not leaving the product; `analyzer/churn.py` reads no provider in
them. A short list, not a gazetteer: the countries people write about most and the largest
cities, each by its first word ("New" for New York, New Zealand, New Delhi), but for a few whose
first word is also a provider's ("United" Airlines): those by their first two words."""

# fmt: off
_COUNTRIES = (
    # English
    "Afghanistan", "Albania", "Algeria", "Argentina", "Armenia", "Australia", "Austria",
    "Bangladesh", "Belgium", "Bolivia", "Bosnia", "Brazil", "Bulgaria", "Cambodia", "Cameroon",
    "Canada", "Chile", "China", "Colombia", "Costa", "Croatia", "Cuba", "Cyprus", "Czechia",
    "Denmark", "Dominican", "Ecuador", "Egypt", "England", "Estonia", "Ethiopia", "Finland",
    "France", "Georgia", "Germany", "Ghana", "Greece", "Guatemala", "Haiti", "Honduras",
    "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy",
    "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya", "Korea", "Kuwait", "Latvia", "Lebanon",
    "Lithuania", "Luxembourg", "Madagascar", "Malaysia", "Mali", "Malta", "Mexico", "Monaco",
    "Morocco", "Nepal", "Netherlands", "Holland", "Nigeria", "Norway", "Pakistan", "Panama",
    "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Romania", "Russia",
    "Saudi", "Scotland", "Senegal", "Serbia", "Singapore", "Slovakia", "Slovenia", "Spain",
    "Sri", "Sweden", "Switzerland", "Syria", "Taiwan", "Thailand", "Tunisia", "Turkey",
    "Ukraine", "Uruguay", "Venezuela", "Vietnam", "Wales", "Europe", "Asia", "Africa",
    "America", "North", "South", "East", "West", "Central", "Latin",
    # French, where the name differs
    "Algérie", "Allemagne", "Angleterre", "Argentine", "Australie", "Autriche", "Belgique",
    "Brésil", "Bulgarie", "Cambodge", "Chili", "Chine", "Colombie", "Corée", "Croatie",
    "Danemark", "Écosse", "Egypte", "Égypte", "Espagne", "Estonie", "Éthiopie", "Finlande",
    "Grèce", "Hongrie", "Inde", "Indonésie", "Irak", "Irlande", "Islande", "Italie", "Japon",
    "Jordanie", "Lettonie", "Liban", "Lituanie", "Malaisie", "Maroc", "Mexique", "Norvège",
    "Pays-Bas", "Pologne", "Roumanie", "Russie", "Suède", "Suisse", "Syrie", "Tchéquie",
    "Thaïlande", "Tunisie", "Turquie", "Amérique", "Asie", "Afrique", "Océanie", "Nouvelle",
    "Royaume-Uni", "États-Unis", "Etats-Unis", "Émirats", "Arabie", "Québec", "Guadeloupe",
    "Martinique", "Réunion", "Guyane", "Corse", "Bretagne", "Normandie", "Provence", "Alsace",
    # Spanish, Italian, Portuguese, German, where the name differs: "nos vamos a España"
    "España", "Francia", "Alemania", "Italia", "Inglaterra", "Estados", "Brasil", "Perú",
    "México", "Canadá", "Japón", "Suiza", "Bélgica", "Holanda", "Europa", "Spagna", "Germania",
    "Inghilterra", "Stati", "Svizzera", "Brasile", "Espanha", "França", "Alemanha", "Itália",
    "Suíça", "Deutschland", "Frankreich", "Spanien", "Italien", "Österreich", "Schweiz",
    "Amerika", "Lisboa", "Roma", "Milano", "Sevilla", "Valencia", "Bogotá", "Lima", "Santiago",
    "Porto", "München", "Köln", "Wien",
)
_CITIES = (
    "New", "Los", "San", "Las", "Hong", "Rio", "Sao", "São", "Buenos", "Mexico", "Tel", "Abu",
    "London", "Paris", "Berlin", "Madrid", "Barcelona", "Barcelone", "Rome", "Milan", "Lisbon",
    "Lisbonne", "Amsterdam", "Brussels", "Bruxelles", "Vienna", "Vienne", "Prague", "Warsaw",
    "Varsovie", "Budapest", "Athens", "Athènes", "Dublin", "Edinburgh", "Manchester",
    "Stockholm", "Oslo", "Copenhagen", "Copenhague", "Helsinki", "Zurich", "Geneva", "Genève",
    "Munich", "Hamburg", "Frankfurt", "Moscow", "Moscou", "Istanbul", "Dubai", "Dubaï",
    "Tokyo", "Osaka", "Beijing", "Pékin", "Shanghai", "Seoul", "Séoul", "Bangkok", "Mumbai",
    "Bombay", "Delhi", "Bangalore", "Jakarta", "Manila", "Sydney", "Melbourne", "Auckland",
    "Toronto", "Montreal", "Montréal", "Vancouver", "Chicago", "Boston", "Seattle", "Austin",
    "Houston", "Dallas", "Denver", "Miami", "Atlanta", "Phoenix", "Philadelphia", "Washington",
    "Portland", "Detroit", "Cairo", "Le", "Lagos", "Nairobi", "Johannesburg", "Casablanca",
    "Dakar", "Alger", "Tunis", "Lyon", "Marseille", "Toulouse", "Nice", "Nantes", "Bordeaux",
    "Lille", "Strasbourg", "Montpellier", "Rennes", "Grenoble", "Londres", "Lausanne",
)
# Names whose first word is also a provider's ("switch to United" is the airline).
_TWO_WORDS = ("United States", "United Kingdom", "United Arab", "Royaume Uni")
# fmt: on
PLACES = frozenset(_COUNTRIES + _CITIES)


def names_a_place(name: str, following: str) -> bool:
    """Whether `name`, the first word of a name, and the text `following` it name a place:
    "China", "New" (York), "United" only before "States", "Kingdom" or "Arab"."""
    if name in PLACES:
        return True
    second = following.split(maxsplit=1)[:1]
    return bool(second) and f"{name} {second[0]}" in _TWO_WORDS
