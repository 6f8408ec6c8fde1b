"""Personal names, for two uses: the generator writes resumes with them, and redaction removes
them. Redaction also finds names it has no list for by their place (a "Name:" label, a title such
as "Ms."), but a list is what finds most of them; so names from outside these lists are removed
less reliably, and the measured redaction recall holds for these lists only.

The given names come in two lists, one per synthetic audit group (see synthetic.py); none of
them is a skill, a common English word or a month, so redacting them never removes anything else.
"""

GIVEN_NAMES_A = (
    "Aaliyah", "Abena", "Adaeze", "Aisha", "Akosua", "Alejandra", "Amara", "Ananya", "Anjali",
    "Beatriz", "Camila", "Chiara", "Chioma", "Daniela", "Deepika", "Elena", "Emily", "Fatima",
    "Fernanda", "Freya", "Gabriela", "Hina", "Ingrid", "Isabela", "Jessica", "Kavya", "Keisha",
    "Lakshmi", "Latoya", "Leila", "Lucia", "Mariam", "Maria", "Mei", "Meera", "Naledi", "Nadia",
    "Ngozi", "Nkechi", "Olivia", "Priya", "Rachel", "Rania", "Renée", "Rosa", "Sakura", "Sara",
    "Shreya", "Sofia", "Sunita", "Tanvi", "Thandiwe", "Valentina", "Wanjiru", "Ximena", "Yasmin",
    "Yuki", "Zainab", "Zoë", "Xiu",
)  # fmt: skip
GIVEN_NAMES_B = (
    "Abdul", "Adebayo", "Aditya", "Ahmed", "Alejandro", "Amit", "Arjun", "Carlos", "Chinedu",
    "Daniel", "Darnell", "Diego", "Dmitri", "Emeka", "Erik", "Farid", "Felipe", "Hamza", "Hiroshi",
    "Ibrahim", "Javier", "José", "Jamal", "Kenji", "Kofi", "Kwame", "Liam", "Lucas", "Mateo",
    "Mohammed", "Nikhil", "Noah", "Obinna", "Omar", "Pablo", "Pradeep", "Rahul", "Rajesh",
    "Ravi", "Ricardo", "Rohan", "Santiago", "Sanjay", "Sebastián", "Sipho", "Suresh", "Takeshi",
    "Tariq", "Thabo", "Tomás", "Tunde", "Vikram", "Wei", "Yusuf", "Kareem", "Andrés", "Jorge",
    "Hassan", "Oluwaseun", "Joaquín",
)  # fmt: skip
FAMILY_NAMES = (
    "Abubakar", "Adeyemi", "Agarwal", "Alvarez", "Bakshi", "Banerjee", "Castillo", "Chatterjee",
    "Chen", "Chowdhury", "Contreras", "Dasgupta", "Delgado", "Diallo", "Dlamini", "Fernández",
    "Fitzgerald", "Gonzalez", "Gupta", "Haddad", "Hashemi", "Hernández", "Hoffmann", "Iyer",
    "Jablonski", "Jovanovic", "Kapoor", "Karimi", "Kowalski", "Krishnan", "Kumar", "Lindqvist",
    "Mahlangu", "Martínez", "Mbeki", "Mendoza", "Menon", "Mensah", "Mukherjee", "Müller",
    "Nakamura", "Nair", "Nguyen", "Novak", "Nwosu", "Okafor", "Okonkwo", "Olawale", "Ortiz",
    "Osei", "Pereira", "Petrov", "Pillai", "Ramírez", "Rao", "Reddy", "Rodríguez", "Sandoval",
    "Schneider", "Sharma", "Siddiqui", "Singh", "Srinivasan", "Suzuki", "Tanaka", "Thompson",
    "Vandenberg", "Venkatesan", "Wanjiku", "Williams", "Yamamoto", "Yilmaz", "Zhou", "Zulu",
    "Anderson", "Johnson", "Gallagher", "O'Brien", "Sørensen", "Nowak",
)  # fmt: skip
