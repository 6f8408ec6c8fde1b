"""The invented world the generator draws from, written by hand for this project: per category,
job titles, the skills its people list (canonical names from skills.csv), the duties they
describe, what they studied and the categories whose work overlaps with theirs; plus the words
of a drifted world (skills the vocabulary does not know, a category training never saw).

`share_a` is the share of the category's resumes written for synthetic audit group A (see
synthetic.py): a mild, deliberate imbalance, so that an audit has something to measure.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    name: str
    titles: tuple[str, ...]
    skills: tuple[str, ...]
    duties: tuple[str, ...]
    fields: tuple[str, ...]
    neighbours: tuple[str, ...]
    share_a: float = 0.5


def category(name: str, titles: str, skills: str, duties: str, fields: str, neighbours: str,
             share_a: float = 0.5) -> Category:  # fmt: skip
    def items(text: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in text.split(";") if part.strip())

    return Category(name, items(titles), items(skills), items(duties), items(fields),
                    items(neighbours), share_a)  # fmt: skip


CATEGORIES = (
    category("Data Science", "Data Scientist; Machine Learning Engineer; Data Analyst",
             "Python; R; scikit-learn; pandas; NumPy; Machine Learning; Deep Learning; Statistics; SQL; TensorFlow; PyTorch; Data Visualization; Jupyter; NLP",
             "built predictive models for customer churn; ran A/B tests and reported the uplift; cleaned and explored large data sets; deployed models behind an internal API; presented findings to product managers",
             "Computer Science; Statistics; Mathematics", "Python Developer; Business Analyst; ETL Developer", 0.4),
    category("Python Developer", "Python Developer; Backend Developer; Software Engineer",
             "Python; Django; Flask; FastAPI; REST APIs; PostgreSQL; Git; Docker; pytest; Redis; Linux; Microservices",
             "developed backend services and REST endpoints; wrote unit and integration tests; reviewed pull requests; optimised slow database queries; automated deployments of web services",
             "Computer Science; Information Technology", "Data Science; DevOps; Java Developer", 0.35),
    category("Java Developer", "Java Developer; Software Engineer; Backend Engineer",
             "Java; Spring Boot; Hibernate; Maven; JUnit; Microservices; REST APIs; Kafka; SQL; Git; Jenkins; Oracle",
             "designed and built microservices for order processing; maintained enterprise applications; wrote unit tests and fixed production defects; integrated third-party payment systems; mentored junior developers",
             "Computer Science; Computer Engineering", "Python Developer; DotNet Developer; Testing", 0.35),
    category("DotNet Developer", "DotNet Developer; .NET Developer; Software Developer",
             "C#; .NET; ASP.NET; Entity Framework; SQL Server; Azure; REST APIs; LINQ; Visual Studio; Git; JavaScript",
             "developed web applications for internal users; migrated legacy applications to a newer framework; built reporting screens; maintained integrations with the finance system; wrote technical documentation",
             "Computer Science; Information Technology", "Java Developer; SQL Developer; React Developer", 0.35),
    category("React Developer", "React Developer; Frontend Developer; UI Developer",
             "JavaScript; TypeScript; React; Redux; HTML; CSS; Node.js; Jest; Webpack; REST APIs; Git; Responsive Design",
             "built single page applications; turned designs into reusable components; improved page load times; wrote component tests; worked with designers on accessibility",
             "Computer Science; Information Technology", "Web Designing; DotNet Developer; Blockchain", 0.45),
    category("Web Designing", "Web Designer; UI Designer; Web Developer",
             "HTML; CSS; JavaScript; Figma; Adobe Photoshop; WordPress; UI Design; Responsive Design; Bootstrap; SEO; Adobe Illustrator",
             "designed websites for small businesses; created wireframes and mockups; maintained company websites; produced banners and landing pages; improved the usability of online forms",
             "Fine Arts; Graphic Design; Information Technology", "React Developer; Digital Media; Arts", 0.55),
    category("DevOps", "DevOps Engineer; Site Reliability Engineer; Cloud Engineer",
             "Docker; Kubernetes; Terraform; AWS; Jenkins; CI/CD; Linux; Ansible; Prometheus; Bash; Git; Python; Azure",
             "automated build and release pipelines; managed cloud infrastructure as code; set up monitoring and alerting; reduced deployment time; handled on-call incidents",
             "Computer Science; Information Technology", "Python Developer; Information Technology; Network Security Engineer", 0.3),
    category("Database", "Database Administrator; DBA; Database Engineer",
             "SQL; Oracle; PostgreSQL; MySQL; SQL Server; Performance Tuning; Backup and Recovery; PL/SQL; Data Modeling; Linux",
             "administered production databases; planned backups and tested recovery; tuned slow queries and indexes; managed user access and security; upgraded database servers",
             "Computer Science; Information Technology", "SQL Developer; ETL Developer; Information Technology", 0.4),
    category("SQL Developer", "SQL Developer; Database Developer; BI Developer",
             "SQL; T-SQL; PL/SQL; SQL Server; SSIS; Stored Procedures; Data Modeling; Power BI; Excel; ETL",
             "wrote stored procedures and views for reporting; built dashboards for managers; optimised queries; maintained data loads; documented the data model",
             "Computer Science; Information Systems", "Database; ETL Developer; Business Analyst", 0.45),
    category("ETL Developer", "ETL Developer; Data Engineer; Data Integration Developer",
             "ETL; Informatica; SSIS; SQL; Data Warehousing; Apache Spark; Python; Airflow; Snowflake; Data Modeling; Hadoop; Kafka",
             "built data pipelines into the warehouse; scheduled and monitored nightly loads; modelled fact and dimension tables; reconciled source and target data; moved batch jobs to the cloud",
             "Computer Science; Information Systems", "SQL Developer; Data Science; Database", 0.4),
    category("Network Security Engineer", "Network Security Engineer; Security Analyst; Network Engineer",
             "Network Security; Firewalls; Cisco; TCP/IP; VPN; SIEM; Penetration Testing; Linux; Incident Response; Wireshark; Cryptography",
             "configured firewalls and VPN tunnels; monitored security alerts; investigated and contained incidents; ran vulnerability assessments; hardened network devices",
             "Computer Science; Electronics and Communication", "Information Technology; DevOps; Blockchain", 0.3),
    category("Information Technology", "IT Support Engineer; System Administrator; IT Executive",
             "Technical Support; Active Directory; Windows Server; TCP/IP; ITIL; Office 365; VMware; Linux; Microsoft Office; Cisco",
             "resolved hardware and software tickets; managed user accounts and permissions; installed and patched servers; maintained the office network; kept the asset inventory",
             "Information Technology; Computer Applications", "Network Security Engineer; DevOps; Database", 0.4),
    category("Testing", "QA Engineer; Software Tester; Test Analyst",
             "Manual Testing; Selenium; Test Automation; JIRA; SQL; API Testing; Agile; Regression Testing; Java; Python; JUnit",
             "wrote and executed test cases; automated regression suites; logged and tracked defects; tested REST services; took part in sprint planning",
             "Computer Science; Information Technology", "Java Developer; Python Developer; Business Analyst", 0.5),
    category("Blockchain", "Blockchain Developer; Smart Contract Engineer; Web3 Developer",
             "Blockchain; Solidity; Ethereum; Smart Contracts; JavaScript; Node.js; Cryptography; Web3; Go; Rust; TypeScript",
             "wrote and audited smart contracts; built decentralised applications; integrated wallets into web apps; optimised transaction costs; researched consensus protocols",
             "Computer Science; Mathematics", "React Developer; Network Security Engineer; Python Developer", 0.3),
    category("SAP Developer", "SAP ABAP Developer; SAP Consultant; SAP Technical Consultant",
             "SAP; ABAP; SAP HANA; SAP FICO; SAP MM; SQL; ERP; SAP Fiori",
             "developed custom reports and enhancements; supported the SAP rollout; fixed production issues in finance modules; wrote functional specifications with users; migrated master data",
             "Computer Science; Commerce", "Finance; Accountant; Operations Manager", 0.4),
    category("Business Analyst", "Business Analyst; Systems Analyst; Product Analyst",
             "Requirements Gathering; SQL; Excel; Power BI; Tableau; JIRA; Agile; Stakeholder Management; Process Mapping; UML; Confluence",
             "gathered requirements from business users; wrote user stories and acceptance criteria; mapped current and future processes; analysed data for decision making; coordinated user acceptance testing",
             "Business Administration; Information Systems; Economics", "Project Management; Data Science; Testing", 0.55),
    category("Project Management", "Project Manager; Program Manager; PMO Analyst",
             "Project Management; Agile; Scrum; JIRA; Risk Management; Budgeting; Stakeholder Management; MS Project; PMP; Excel",
             "planned and delivered projects on time and budget; tracked risks and issues; ran steering committee meetings; coordinated cross-functional teams; reported project status to leadership",
             "Business Administration; Engineering Management", "Business Analyst; Operations Manager; Civil Engineer", 0.5),
    category("Operations Manager", "Operations Manager; Operations Executive; Plant Manager",
             "Operations Management; Supply Chain; Lean; Six Sigma; Budgeting; Team Leadership; Excel; ERP; Inventory Management; KPI Reporting",
             "managed daily operations of the site; reduced costs through process improvement; led a team of supervisors; planned staffing and shifts; reported weekly KPIs to management",
             "Business Administration; Industrial Engineering", "Project Management; Mechanical Engineer; Sales", 0.4),
    category("Finance", "Financial Analyst; Finance Manager; Investment Analyst",
             "Financial Analysis; Financial Modeling; Excel; Budgeting; Forecasting; Accounting; SAP; Power BI; Risk Management; Valuation",
             "prepared monthly management accounts; built forecasting models; analysed variances against budget; supported the annual planning cycle; evaluated investment proposals",
             "Finance; Commerce; Economics", "Accountant; Business Analyst; SAP Developer", 0.45),
    category("Accountant", "Accountant; Accounts Executive; Audit Associate",
             "Accounting; Tally; QuickBooks; Excel; Taxation; Accounts Payable; Accounts Receivable; Auditing; GAAP; SAP FICO",
             "maintained the books of account; prepared tax returns and filings; reconciled bank statements; processed vendor invoices; supported the statutory audit",
             "Commerce; Accounting", "Finance; SAP Developer; Human Resources", 0.6),
    category("Human Resources", "HR Executive; HR Generalist; Talent Acquisition Specialist",
             "Recruitment; Onboarding; Payroll; Employee Relations; HRIS; Performance Management; Labour Law; Excel; Training and Development; Microsoft Office",
             "managed end to end recruitment; ran onboarding for new joiners; processed monthly payroll; handled employee grievances; organised training programmes",
             "Human Resource Management; Psychology; Business Administration", "Education; Sales; Operations Manager", 0.65),
    category("Sales", "Sales Executive; Business Development Manager; Account Manager",
             "Sales; Lead Generation; CRM; Salesforce; Negotiation; Business Development; Account Management; Cold Calling; Excel; Market Research; Customer Service",
             "exceeded quarterly sales targets; built a pipeline of new clients; negotiated contracts with key accounts; ran product demonstrations; kept the CRM up to date",
             "Business Administration; Marketing", "Digital Media; Operations Manager; Human Resources", 0.45),
    category("Digital Media", "Digital Marketing Executive; Social Media Manager; Content Strategist",
             "Digital Marketing; SEO; SEM; Social Media Marketing; Google Analytics; Content Writing; Adobe Photoshop; Copywriting; Email Marketing; Video Editing; WordPress",
             "planned and ran online campaigns; grew social media followers; wrote blog posts and newsletters; tracked campaign performance; produced short videos",
             "Mass Communication; Marketing; Journalism", "Sales; Web Designing; Arts", 0.6),
    category("Arts", "Graphic Designer; Illustrator; Art Director",
             "Adobe Photoshop; Adobe Illustrator; Figma; Video Editing; UI Design; Content Writing; Teaching",
             "designed posters, logos and brand identities; illustrated books and packaging; led creative concepts for campaigns; prepared print-ready artwork; taught evening drawing classes",
             "Fine Arts; Graphic Design; Visual Communication", "Web Designing; Digital Media; Education", 0.6),
    category("Mechanical Engineer", "Mechanical Engineer; Design Engineer; Production Engineer",
             "AutoCAD; SolidWorks; CATIA; ANSYS; GD&T; Manufacturing; Lean; Six Sigma; Quality Control; MATLAB",
             "designed machine parts and assemblies; ran stress and thermal analysis; improved production line efficiency; supervised maintenance of equipment; prepared engineering drawings",
             "Mechanical Engineering; Production Engineering", "Civil Engineer; Electrical Engineering; Operations Manager", 0.25),
    category("Civil Engineer", "Civil Engineer; Site Engineer; Structural Engineer",
             "AutoCAD; STAAD Pro; Revit; Project Management; Site Supervision; Quantity Surveying; Structural Analysis; MS Project; Surveying; Estimation",
             "supervised construction sites; prepared bills of quantities and estimates; checked structural drawings; coordinated with contractors and consultants; ensured safety on site",
             "Civil Engineering; Construction Management", "Mechanical Engineer; Project Management; Electrical Engineering", 0.3),
    category("Electrical Engineering", "Electrical Engineer; Maintenance Engineer; Automation Engineer",
             "PLC; SCADA; AutoCAD; MATLAB; Power Systems; Circuit Design; Electrical Maintenance; Testing and Commissioning; Embedded C; Substation",
             "commissioned panels and substations; programmed controllers for production lines; carried out preventive maintenance; designed wiring layouts; troubleshot electrical faults",
             "Electrical Engineering; Electronics and Communication", "Mechanical Engineer; Civil Engineer; Information Technology", 0.3),
    category("Education", "Teacher; Lecturer; Academic Coordinator",
             "Teaching; Curriculum Development; Classroom Management; Lesson Planning; Student Assessment; E-learning; Mentoring; Microsoft Office",
             "taught classes of thirty students; designed lesson plans and assessments; mentored new teachers; organised parent meetings; introduced online learning tools",
             "Education; English Literature; Mathematics", "Human Resources; Arts; Health and Fitness", 0.65),
    category("Health and Fitness", "Fitness Trainer; Personal Trainer; Wellness Coach",
             "Personal Training; Nutrition; CPR; First Aid; Fitness Assessment; Yoga; Exercise Programming; Customer Service; Mentoring",
             "designed training plans for clients; ran group fitness classes; assessed client progress; advised on diet and recovery; kept the gym floor safe",
             "Physical Education; Sports Science; Nutrition", "Education; Sales; Human Resources", 0.5),
)  # fmt: skip

# A drifted world: skills that the vocabulary (and the training data) do not know, and resumes of
# a category that training never saw.
NEW_SKILLS = (
    "LangChain", "Polars", "DuckDB", "dbt", "Pulumi", "Deno", "SvelteKit", "Bun", "vLLM", "Dagster",
    "OpenTofu", "Astro", "HTMX", "Qwik", "Mojo", "Temporal", "Argo CD", "Crossplane",
)  # fmt: skip
UNSEEN = category(
    "Aviation", "Aircraft Maintenance Engineer; Flight Dispatcher; Avionics Technician",
    "Aircraft Maintenance; Avionics; Flight Planning; EASA Part-66; Crew Resource Management; Airworthiness; NDT Inspection",
    "inspected airframes and engines; certified aircraft for release to service; planned flight routes and fuel; maintained avionics systems; kept maintenance records for the regulator",
    "Aeronautical Engineering; Aviation Management", "Mechanical Engineer; Electrical Engineering",
)  # fmt: skip
COMPANIES = (
    "Northwind Traders", "Bluepeak Systems", "Crescent Analytics", "Harbor Logistics", "Ironleaf Consulting",
    "Kestrel Software", "Lumen Health", "Maple Grove Bank", "Orbit Retail", "Pinecrest Engineering",
    "Quartz Media", "Riverbend Manufacturing", "Summit Infrastructure", "Tidewater Energy",
    "Vertex Solutions", "Willow Education Trust", "Zenith Telecom", "Aurora Foods",
)  # fmt: skip
UNIVERSITIES = (
    "State University", "Institute of Technology", "City College", "National University",
    "Polytechnic University", "University of the Coast", "Metropolitan University",
)  # fmt: skip
DEGREES = ("B.Sc.", "B.Tech", "B.E.", "B.Com", "BA", "M.Sc.", "MBA", "M.Tech", "Diploma")
STREETS = (
    "Maple",
    "Oak",
    "Cedar",
    "Lakeview",
    "Hillcrest",
    "Riverside",
    "Park",
    "Station",
    "Church",
    "Mill",
    "Garden",
    "Sunset",
)
STREET_TYPES = ("Street", "Road", "Avenue", "Lane", "Drive", "Close", "Way", "Boulevard")
CITIES = (
    "Springfield",
    "Riverton",
    "Lakeside",
    "Fairview",
    "Bengaluru",
    "Pune",
    "Leeds",
    "Manchester",
    "Nairobi",
    "Lagos",
    "Austin",
    "Toronto",
)
EMAIL_DOMAINS = (
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "mail.co.uk",
    "proton.me",
    "rediffmail.com",
)
