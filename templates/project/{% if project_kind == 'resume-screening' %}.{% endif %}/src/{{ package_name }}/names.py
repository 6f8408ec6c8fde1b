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
# Names the generator does not use, known to redaction too: common names of the kinds resume
# audits swap in (and that a person pasting a resume into the service may well have).
OTHER_GIVEN_NAMES = (
    "Greg", "Lakisha", "Brad", "Anne", "Todd", "Sarah", "Jennifer", "Michael", "David", "John",
    "James", "Robert", "Mary", "Linda", "Susan", "Karen", "Lisa", "Nancy", "Sandra", "Ashley",
    "Kimberly", "Donna", "Michelle", "Laura", "Amanda", "Melissa", "Stephanie", "Rebecca",
    "Kathleen", "Christina", "Charles", "Christopher", "Matthew", "Anthony", "Steven", "Andrew",
    "Joshua", "Kevin", "Brian", "George", "Timothy", "Jason", "Jeffrey", "Ryan", "Jacob", "Eric",
    "Jonathan", "Stephen", "Justin", "Brandon", "Benjamin", "Samuel", "Gregory", "Patrick",
    "Tyler", "Aaron", "Jose", "Adam", "Nathan", "Zachary", "Kyle", "Kenneth", "Tamika", "Ebony",
    "Latonya", "Tanisha", "Kristen", "Allison", "Carrie", "Jill", "Meredith", "Geoffrey", "Neil",
    "Brendan", "Hakim", "Jermaine", "Leroy", "Rasheed", "Tremayne", "Tyrone", "Ahmad", "Muhammad",
    "Fatemeh", "Ali", "Ming", "Anh", "Minh", "Juan", "Luis", "Miguel", "Ana", "Carmen", "Lucía",
    "Sophie", "Emma", "Hannah", "Chloe", "Thomas", "Oliver", "Harry", "Jessie", "Kiran", "Arun",
)  # fmt: skip
OTHER_FAMILY_NAMES = (
    "Baker", "Washington", "Walsh", "Jones", "Sullivan", "Mohammed", "Murphy", "Zhang", "Miller",
    "Hernandez", "Smith", "Davis", "Wilson", "Taylor", "Jackson", "Harris", "Garcia", "Martinez",
    "Robinson", "Clark", "Lewis", "Lee", "Allen", "Adams", "Nelson", "Mitchell", "Perez",
    "Roberts", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart",
    "Sanchez", "Morris", "Rogers", "Morgan", "Bailey", "Rivera", "Richardson", "Howard", "Torres",
    "Peterson", "Watson", "Sanders", "Bennett", "Barnes", "Henderson", "Coleman", "Jennings",
    "Perry", "Powell", "Patterson", "Hughes", "Flores", "Simmons", "Foster", "Gonzales", "Bryant",
    "Russell", "Griffin", "Diaz", "Hayes", "Wang", "Liu", "Huang", "Zhao", "Wu", "Xu", "Kim",
    "Choi", "Tran", "Pham", "Khan", "Hussain", "Lopez", "Brown", "Patel", "Shah", "Joshi",
)  # fmt: skip
