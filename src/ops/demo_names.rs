//! Word lists for `crm demo`: people from many cultures with their names spelled as they
//! spell them, invented companies, and the phrases a real pipeline is full of.
//!
//! A name entry may carry its Latin form after a `|` (`裕子|yuko`); the part before it is
//! what is shown, the part after it is what e-mail addresses are made from.
//! No name here may start with "Ada": the README tour adds Ada Lovelace and logs a call
//! with `ada`, which must find exactly her.

/// How a full name is written in its culture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// `Zoë Evans`
    GivenFamily,
    /// `Nguyễn Phương Thảo`, `田中 裕子`
    FamilyGiven,
    /// `王伟`, `김민준`: family name first, no space.
    FamilyGivenJoined,
}

/// A culture: its names, and the phone prefix, time zone and language its people have.
#[derive(Debug)]
pub struct Culture {
    /// Relative share of the contacts.
    pub weight: u32,
    pub given: &'static [&'static str],
    pub family: &'static [&'static str],
    pub order: Order,
    /// International prefix; `phone_digits` random digits follow.
    pub phone: &'static str,
    pub phone_digits: u32,
    pub timezone: &'static str,
    pub language: &'static str,
}

const ENGLISH_GIVEN: &[&str] = &[
    "James", "Olivia", "Emily", "Michael", "Sarah", "Daniel", "Grace", "Thomas", "Charlotte", "William",
    "Hannah", "Oliver", "Chloe", "Benjamin", "Megan", "Ethan", "Sophie", "Jack", "Lucy", "Ryan", "Zoë",
    "Matthew", "Rachel", "Harry", "Abigail", "Samuel", "Jessica", "Nathan", "Amelia", "George", "Isla",
    "Henry", "Eleanor", "Joshua", "Poppy", "Christopher", "Natalie", "Jennifer", "Brandon", "Ashley",
];
const ENGLISH_FAMILY: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Roberts", "Walker",
    "Wright", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Clarke",
    "Jackson", "Turner", "Hill", "Moore", "Cooper", "Ward", "Morgan", "Bennett", "Carter", "Mitchell",
    "Phillips", "Parker", "Collins", "Stewart", "Foster", "Reynolds", "Hayes", "Fletcher",
];
const IRISH_GIVEN: &[&str] = &[
    "Siobhán", "Niamh", "Seán", "Aoife", "Ciarán", "Róisín", "Eoin", "Saoirse", "Pádraig", "Caoimhe",
    "Darragh", "Orla", "Cian", "Sinéad", "Oisín", "Clodagh",
];
const IRISH_FAMILY: &[&str] = &[
    "Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan", "O'Connor", "O'Brien", "McCarthy",
    "Doyle", "Gallagher", "Ó Briain", "Kennedy", "Lynch", "Quinn", "Fitzgerald",
];
const SPANISH_GIVEN: &[&str] = &[
    "José", "María", "Lucía", "Javier", "Carmen", "Alejandro", "Sofía", "Pablo", "Elena", "Andrés",
    "Mónica", "Raúl", "Inés", "Diego", "Marta", "Álvaro", "Begoña", "Íñigo", "Nuria", "Sergio",
    "Valentina", "Mateo", "Camila", "Gabriela", "Joaquín", "Ramón", "Rocío", "Jesús",
];
const SPANISH_FAMILY: &[&str] = &[
    "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez",
    "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Navarro",
    "Torres", "Domínguez", "Castillo", "Ortega", "Ibáñez", "Peña", "Vázquez", "Suárez", "Núñez",
];
const PORTUGUESE_GIVEN: &[&str] = &[
    "João", "Ana", "Pedro", "Beatriz", "Luís", "Mariana", "Tiago", "Inês", "Gonçalo", "Leonor",
    "Rafael", "Larissa", "Thiago", "Fernanda", "Rodrigo", "Juliana", "Caio", "Letícia", "Vitória",
    "André", "Júlia", "Sebastião", "Conceição", "Antônio",
];
const PORTUGUESE_FAMILY: &[&str] = &[
    "Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa",
    "Gonçalves", "Almeida", "Ribeiro", "Carvalho", "Lima", "Araújo", "Barbosa", "Cardoso", "Rocha",
    "Magalhães", "Assunção", "Brandão", "Guimarães",
];
const FRENCH_GIVEN: &[&str] = &[
    "Élodie", "François", "Chloé", "Mathieu", "Camille", "Sébastien", "Hélène", "Julien", "Céline",
    "Théo", "Léa", "Étienne", "Margaux", "Benoît", "Noémie", "Jérôme", "Amélie", "Loïc", "Anaïs",
    "Gaëlle", "Zoé", "Raphaël", "Clément", "Aurélie", "Maëlle", "Hervé",
];
const FRENCH_FAMILY: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefèvre", "Michel", "Garnier", "Faure", "Rousseau", "Fontaine", "Chevalier", "Lemaire",
    "Mercier", "Bonnet", "Girard", "Lambert", "Dupont", "Bélanger", "Gagné",
];
const GERMAN_GIVEN: &[&str] = &[
    "Jürgen", "Lukas", "Anna", "Jörg", "Katharina", "Maximilian", "Lena", "Felix", "Sabine", "Matthias",
    "Ursula", "Tobias", "Jana", "Florian", "Franziska", "Stefan", "Mia", "Jonas", "Greta", "Moritz",
    "Leonie", "Dieter", "Anke", "Uwe", "Birgit", "Günter", "Bärbel", "Jöran",
];
const GERMAN_FAMILY: &[&str] = &[
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Weiß", "Köhler", "Groß",
];
const DUTCH_GIVEN: &[&str] = &[
    "Sanne", "Daan", "Femke", "Bram", "Lotte", "Joris", "Anouk", "Thijs", "Maarten", "Eline", "Sven",
    "Marloes", "Ruud", "Ineke", "Pieter", "Fleur",
];
const DUTCH_FAMILY: &[&str] = &[
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
    "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
];
const ITALIAN_GIVEN: &[&str] = &[
    "Giulia", "Alessandro", "Francesca", "Lorenzo", "Chiara", "Matteo", "Giorgia", "Davide", "Martina",
    "Niccolò", "Federica", "Riccardo", "Ilaria", "Gianluca", "Beatrice", "Salvatore", "Caterina",
];
const ITALIAN_FAMILY: &[&str] = &[
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
    "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Lombardi", "Moretti", "Fabbri",
];
const SWEDISH_GIVEN: &[&str] = &[
    "Åsa", "Björn", "Linnéa", "Erik", "Ingrid", "Johan", "Maja", "Anders", "Karin", "Oskar", "Elsa",
    "Gustav", "Märta", "Lars", "Astrid", "Måns", "Ebba", "Göran",
];
const SWEDISH_FAMILY: &[&str] = &[
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Lindqvist", "Lindström", "Åberg", "Sjöberg", "Ström", "Holmgren",
];
const DANISH_GIVEN: &[&str] = &[
    "Søren", "Mette", "Rasmus", "Signe", "Mads", "Freja", "Jens", "Ida", "Kasper", "Birgitte", "Mikkel",
    "Frederik", "Trine", "Bjørn", "Sørine", "Asger",
];
const DANISH_FAMILY: &[&str] = &[
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Madsen", "Kristensen", "Møller", "Mortensen", "Østergaard", "Kjær",
];
const NORWEGIAN_GIVEN: &[&str] = &[
    "Ola", "Kari", "Håkon", "Solveig", "Sigrid", "Eirik", "Ingrid", "Magnus", "Øystein", "Ragnhild",
    "Torstein", "Åse", "Vegard", "Hilde", "Tormod", "Liv",
];
const NORWEGIAN_FAMILY: &[&str] = &[
    "Hansen", "Johansen", "Olsen", "Berg", "Haugen", "Hagen", "Johnsen", "Bakken", "Solberg", "Strand",
    "Dahl", "Lie", "Kristiansen", "Ødegård", "Aasen", "Bjørnstad",
];
const FINNISH_GIVEN: &[&str] = &[
    "Aino", "Eero", "Juha", "Päivi", "Mikko", "Sanna", "Jari", "Tuula", "Ville", "Riikka", "Antti",
    "Kaisa", "Jussi", "Hanna", "Otto", "Elina",
];
const FINNISH_FAMILY: &[&str] = &[
    "Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
    "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi",
];
const ICELANDIC_MALE_GIVEN: &[&str] = &["Sigurður", "Jón", "Ólafur", "Gunnar", "Einar", "Þórður", "Kristján", "Magnús"];
const ICELANDIC_MALE_FAMILY: &[&str] = &[
    "Jónsson", "Sigurðsson", "Guðmundsson", "Gunnarsson", "Ólafsson", "Einarsson", "Kristjánsson", "Stefánsson",
];
const ICELANDIC_FEMALE_GIVEN: &[&str] = &["Guðrún", "Sigríður", "Kristín", "Katrín", "Þórunn", "Helga", "Ásta", "Björk"];
const ICELANDIC_FEMALE_FAMILY: &[&str] = &[
    "Jónsdóttir", "Sigurðardóttir", "Guðmundsdóttir", "Gunnarsdóttir", "Ólafsdóttir", "Einarsdóttir",
    "Kristjánsdóttir", "Stefánsdóttir",
];
const POLISH_MALE_GIVEN: &[&str] = &[
    "Łukasz", "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Grzegorz", "Marcin", "Jakub",
    "Wojciech", "Mateusz", "Bartosz", "Andrzej", "Rafał", "Przemysław",
];
const POLISH_MALE_FAMILY: &[&str] = &[
    "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński",
    "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Krawczyk",
];
const POLISH_FEMALE_GIVEN: &[&str] = &[
    "Agnieszka", "Katarzyna", "Małgorzata", "Magdalena", "Joanna", "Zofia", "Aleksandra", "Ewa",
    "Monika", "Dorota", "Justyna", "Żaneta", "Barbara", "Jadwiga",
];
const POLISH_FEMALE_FAMILY: &[&str] = &[
    "Kowalska", "Nowak", "Wiśniewska", "Wójcik", "Kowalczyk", "Kamińska", "Lewandowska", "Zielińska",
    "Szymańska", "Woźniak", "Dąbrowska", "Kozłowska", "Jankowska", "Mazur", "Krawczyk",
];
const CZECH_MALE_GIVEN: &[&str] = &["Jiří", "Tomáš", "Petr", "Jan", "Ondřej", "Lukáš", "Martin", "Vojtěch"];
const CZECH_MALE_FAMILY: &[&str] = &["Novák", "Dvořák", "Svoboda", "Černý", "Procházka", "Kučera", "Veselý", "Horák"];
const CZECH_FEMALE_GIVEN: &[&str] = &["Kateřina", "Tereza", "Lucie", "Veronika", "Markéta", "Eliška", "Jana", "Petra"];
const CZECH_FEMALE_FAMILY: &[&str] = &[
    "Nováková", "Dvořáková", "Svobodová", "Černá", "Procházková", "Kučerová", "Veselá", "Horáková",
];
const HUNGARIAN_GIVEN: &[&str] = &["Zoltán", "Gábor", "Katalin", "Zsófia", "László", "Réka", "Bence", "Eszter", "Ildikó", "Áron"];
const HUNGARIAN_FAMILY: &[&str] = &["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh", "Farkas"];
const GREEK_MALE_GIVEN: &[&str] = &[
    "Georgios", "Dimitris", "Nikos", "Konstantinos", "Yannis", "Christos", "Panagiotis", "Kostas",
    "Stavros", "Alexandros",
];
const GREEK_MALE_FAMILY: &[&str] = &[
    "Papadopoulos", "Papadakis", "Georgiou", "Oikonomou", "Karagiannis", "Vlachos", "Nikolaidis", "Pappas",
    "Antonopoulos", "Dimitriou",
];
const GREEK_FEMALE_GIVEN: &[&str] = &[
    "Maria", "Eleni", "Katerina", "Sofia", "Dimitra", "Georgia", "Ioanna", "Vasiliki", "Despina", "Athina",
];
const GREEK_FEMALE_FAMILY: &[&str] = &[
    "Papadopoulou", "Papadaki", "Georgiou", "Oikonomou", "Karagianni", "Vlachou", "Nikolaidou", "Pappa",
    "Antonopoulou", "Dimitriou",
];
const TURKISH_GIVEN: &[&str] = &[
    "Mehmet", "Ayşe", "Mustafa", "Fatma", "Emre", "Zeynep", "Burak", "Elif", "Oğuz", "Gökhan", "Şebnem",
    "Çağla", "İbrahim", "Özge", "Can", "Deniz", "Selin", "Hakan", "Tuğba", "Barış",
];
const TURKISH_FAMILY: &[&str] = &[
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir",
    "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Koç", "Kurt", "Özkan", "Şimşek", "Erdoğan",
];
const RUSSIAN_MALE_GIVEN: &[&str] = &[
    "Dmitry", "Sergei", "Alexei", "Ivan", "Nikolai", "Mikhail", "Andrei", "Pavel", "Vladimir", "Yuri",
    "Artem", "Kirill",
];
const RUSSIAN_MALE_FAMILY: &[&str] = &[
    "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Lebedev", "Kozlov", "Novikov", "Morozov",
    "Volkov", "Petrov", "Fedorov",
];
const RUSSIAN_FEMALE_GIVEN: &[&str] = &[
    "Anastasia", "Olga", "Tatiana", "Natalia", "Ekaterina", "Irina", "Svetlana", "Yulia", "Daria",
    "Elena", "Ksenia", "Polina",
];
const RUSSIAN_FEMALE_FAMILY: &[&str] = &[
    "Ivanova", "Smirnova", "Kuznetsova", "Popova", "Sokolova", "Lebedeva", "Kozlova", "Novikova",
    "Morozova", "Volkova", "Petrova", "Fedorova",
];
const CYRILLIC_MALE_GIVEN: &[&str] = &[
    "Дмитрий|dmitry", "Сергей|sergey", "Алексей|alexey", "Иван|ivan", "Михаил|mikhail", "Андрей|andrey",
];
const CYRILLIC_MALE_FAMILY: &[&str] = &[
    "Иванов|ivanov", "Смирнов|smirnov", "Кузнецов|kuznetsov", "Попов|popov", "Соколов|sokolov", "Волков|volkov",
];
const CYRILLIC_FEMALE_GIVEN: &[&str] = &[
    "Анастасия|anastasia", "Ольга|olga", "Татьяна|tatiana", "Наталья|natalya", "Екатерина|ekaterina", "Ирина|irina",
];
const CYRILLIC_FEMALE_FAMILY: &[&str] = &[
    "Иванова|ivanova", "Смирнова|smirnova", "Кузнецова|kuznetsova", "Попова|popova", "Соколова|sokolova",
    "Волкова|volkova",
];
const UKRAINIAN_GIVEN: &[&str] = &[
    "Oleksandr", "Andriy", "Taras", "Bohdan", "Mykola", "Serhiy", "Yaroslav", "Vasyl", "Olena", "Oksana",
    "Iryna", "Kateryna", "Nataliya", "Yuliia", "Halyna", "Sofiia",
];
const UKRAINIAN_FAMILY: &[&str] = &[
    "Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boyko", "Kovalchuk",
    "Oliynyk", "Lysenko", "Marchenko", "Rudenko", "Savchenko", "Petrenko", "Tkachuk", "Moroz",
];
const UKRAINIAN_CYRILLIC_GIVEN: &[&str] = &[
    "Олександр|oleksandr", "Тарас|taras", "Богдан|bohdan", "Олена|olena", "Оксана|oksana", "Ірина|iryna",
];
const UKRAINIAN_CYRILLIC_FAMILY: &[&str] = &[
    "Шевченко|shevchenko", "Коваленко|kovalenko", "Бондаренко|bondarenko", "Мельник|melnyk", "Бойко|boyko",
    "Ткаченко|tkachenko",
];
const JAPANESE_GIVEN: &[&str] = &[
    "Haruto", "Yui", "Sōta", "Aoi", "Ren", "Hina", "Yūto", "Sakura", "Takumi", "Yuki", "Kenji", "Akiko",
    "Hiroshi", "Naoko", "Shōta", "Mei", "Daiki", "Emi", "Kaito", "Rin", "Ryō", "Tomoko",
];
const JAPANESE_FAMILY: &[&str] = &[
    "Satō", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Itō", "Yamamoto", "Nakamura", "Kobayashi",
    "Katō", "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue", "Kimura", "Hayashi",
    "Shimizu", "Saitō", "Mori", "Ikeda",
];
const JAPANESE_NATIVE_GIVEN: &[&str] = &[
    "裕子|yuko", "健二|kenji", "陽菜|hina", "翔太|shota", "美咲|misaki", "大輔|daisuke", "彩|aya", "拓海|takumi",
];
const JAPANESE_NATIVE_FAMILY: &[&str] = &[
    "田中|tanaka", "佐藤|sato", "鈴木|suzuki", "高橋|takahashi", "渡辺|watanabe", "山本|yamamoto",
    "中村|nakamura", "小林|kobayashi",
];
const CHINESE_GIVEN: &[&str] = &[
    "Wei", "Fang", "Xiuying", "Min", "Jing", "Lei", "Yang", "Jun", "Hui", "Yan", "Lina", "Hao",
    "Xiaoming", "Yifan", "Zihan", "Jiayi", "Haoran", "Yuxuan", "Mingyu", "Shu",
];
const CHINESE_FAMILY: &[&str] = &[
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
    "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo",
];
const CHINESE_NATIVE_GIVEN: &[&str] = &[
    "伟|wei", "芳|fang", "静|jing", "磊|lei", "秀英|xiuying", "浩然|haoran", "子涵|zihan", "明|ming",
];
const CHINESE_NATIVE_FAMILY: &[&str] = &[
    "王|wang", "李|li", "张|zhang", "刘|liu", "陈|chen", "杨|yang", "黄|huang", "赵|zhao",
];
const KOREAN_GIVEN: &[&str] = &[
    "Min-jun", "Seo-yeon", "Ji-hoon", "Ji-woo", "Hyun-woo", "Soo-ah", "Jae-won", "Ha-eun", "Dong-hyun",
    "Yu-na", "Sung-min", "Eun-ji", "Joon-ho", "Da-eun",
];
const KOREAN_FAMILY: &[&str] = &[
    "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin",
];
const KOREAN_NATIVE_GIVEN: &[&str] = &[
    "민준|minjun", "서연|seoyeon", "지훈|jihoon", "하은|haeun", "현우|hyunwoo", "지우|jiwoo",
];
const KOREAN_NATIVE_FAMILY: &[&str] = &["김|kim", "이|lee", "박|park", "최|choi", "정|jung", "강|kang"];
const INDIAN_GIVEN: &[&str] = &[
    "Priya", "Arjun", "Ananya", "Rohan", "Aarav", "Diya", "Vikram", "Kavya", "Rahul", "Sneha", "Aditya",
    "Neha", "Siddharth", "Pooja", "Karthik", "Lakshmi", "Ishaan", "Meera", "Sanjay", "Deepika",
    "Venkatesh", "Harpreet", "Anjali", "Nikhil",
];
const INDIAN_FAMILY: &[&str] = &[
    "Sharma", "Patel", "Gupta", "Singh", "Kumar", "Reddy", "Iyer", "Nair", "Menon", "Rao", "Mehta",
    "Desai", "Joshi", "Chatterjee", "Banerjee", "Mukherjee", "Krishnan", "Pillai", "Agarwal", "Kapoor",
    "Malhotra", "Bhat", "Shah", "Verma",
];
const ARABIC_GIVEN: &[&str] = &[
    "Mohammed", "Ahmed", "Fatima", "Omar", "Layla", "Youssef", "Mariam", "Khalid", "Noor", "Hassan",
    "Aisha", "Karim", "Salma", "Tariq", "Rania", "Hamza", "Yasmin", "Ibrahim", "Leila", "Samir", "Huda",
];
const ARABIC_FAMILY: &[&str] = &[
    "Al-Farsi", "Haddad", "Khoury", "Mansour", "Nasser", "Saleh", "Hamdan", "El-Amin", "Aziz", "Rahman",
    "Hussein", "Qasim", "Darwish", "Abdullah", "Ismail", "Farouk", "Suleiman", "Al-Masri",
];
const NIGERIAN_GIVEN: &[&str] = &[
    "Chinedu", "Ngozi", "Oluwaseun", "Adebayo", "Chiamaka", "Emeka", "Funmilayo", "Tunde", "Ifeoma",
    "Babajide", "Folake", "Obinna", "Amaka", "Kelechi", "Yetunde", "Uche", "Musa", "Zainab", "Nkechi",
    "Olumide",
];
const NIGERIAN_FAMILY: &[&str] = &[
    "Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Nwosu", "Ogunleye", "Chukwu", "Obi", "Oyelaran",
    "Okeke", "Abubakar", "Bello", "Danjuma", "Olawale", "Afolabi", "Ibekwe", "Nwachukwu",
];
const GHANAIAN_GIVEN: &[&str] = &["Kwame", "Ama", "Kofi", "Akosua", "Yaw", "Abena", "Kwabena", "Efua", "Kojo", "Adwoa"];
const GHANAIAN_FAMILY: &[&str] = &["Mensah", "Owusu", "Asante", "Boateng", "Appiah", "Osei", "Agyeman", "Darko"];
const SOUTH_AFRICAN_GIVEN: &[&str] = &[
    "Thabo", "Sipho", "Lerato", "Naledi", "Pieter", "Anri", "Zanele", "Themba", "Lindiwe", "Johan",
    "Bongani", "Refilwe",
];
const SOUTH_AFRICAN_FAMILY: &[&str] = &[
    "Nkosi", "Dlamini", "Mokoena", "van der Merwe", "Botha", "Naidoo", "Khumalo", "Ndlovu", "Pretorius",
    "Mahlangu",
];
/// Vietnamese given names as they follow the family name, middle name included.
const VIETNAMESE_GIVEN: &[&str] = &[
    "Phương Thảo", "Văn Minh", "Thị Hương", "Minh Anh", "Ngọc Linh", "Quang Huy", "Đức Anh", "Thu Trang",
    "Bảo Ngọc", "Hoàng Nam", "Thanh Hà", "Khánh Vy", "Tuấn Kiệt", "Minh Châu", "Văn Dũng", "Thị Mai",
];
const VIETNAMESE_FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý",
];

macro_rules! culture {
    ($w:expr, $given:expr, $family:expr, $order:ident, $phone:expr, $digits:expr, $tz:expr, $lang:expr) => {
        Culture {
            weight: $w,
            given: $given,
            family: $family,
            order: Order::$order,
            phone: $phone,
            phone_digits: $digits,
            timezone: $tz,
            language: $lang,
        }
    };
}

pub const CULTURES: &[Culture] = &[
    culture!(13, ENGLISH_GIVEN, ENGLISH_FAMILY, GivenFamily, "+1 202 555 01", 2, "America/New_York", "en"),
    culture!(3, ENGLISH_GIVEN, ENGLISH_FAMILY, GivenFamily, "+1 415 555 01", 2, "America/Los_Angeles", "en"),
    culture!(2, FRENCH_GIVEN, FRENCH_FAMILY, GivenFamily, "+1 514 555 01", 2, "America/Toronto", "fr"),
    culture!(8, ENGLISH_GIVEN, ENGLISH_FAMILY, GivenFamily, "+44 7700 900", 3, "Europe/London", "en"),
    culture!(2, ENGLISH_GIVEN, ENGLISH_FAMILY, GivenFamily, "+61 491 570 ", 3, "Australia/Sydney", "en"),
    culture!(2, IRISH_GIVEN, IRISH_FAMILY, GivenFamily, "+353 85 ", 7, "Europe/Dublin", "en"),
    culture!(5, SPANISH_GIVEN, SPANISH_FAMILY, GivenFamily, "+34 6", 8, "Europe/Madrid", "es"),
    culture!(3, SPANISH_GIVEN, SPANISH_FAMILY, GivenFamily, "+52 55 ", 8, "America/Mexico_City", "es"),
    culture!(2, PORTUGUESE_GIVEN, PORTUGUESE_FAMILY, GivenFamily, "+351 91 ", 7, "Europe/Lisbon", "pt"),
    culture!(4, PORTUGUESE_GIVEN, PORTUGUESE_FAMILY, GivenFamily, "+55 11 9", 8, "America/Sao_Paulo", "pt"),
    culture!(6, FRENCH_GIVEN, FRENCH_FAMILY, GivenFamily, "+33 6 ", 8, "Europe/Paris", "fr"),
    culture!(6, GERMAN_GIVEN, GERMAN_FAMILY, GivenFamily, "+49 151 ", 8, "Europe/Berlin", "de"),
    culture!(1, GERMAN_GIVEN, GERMAN_FAMILY, GivenFamily, "+43 664 ", 7, "Europe/Vienna", "de"),
    culture!(1, GERMAN_GIVEN, GERMAN_FAMILY, GivenFamily, "+41 79 ", 7, "Europe/Zurich", "de"),
    culture!(3, DUTCH_GIVEN, DUTCH_FAMILY, GivenFamily, "+31 6 ", 8, "Europe/Amsterdam", "nl"),
    culture!(4, ITALIAN_GIVEN, ITALIAN_FAMILY, GivenFamily, "+39 3", 9, "Europe/Rome", "it"),
    culture!(2, SWEDISH_GIVEN, SWEDISH_FAMILY, GivenFamily, "+46 70 ", 7, "Europe/Stockholm", "sv"),
    culture!(2, DANISH_GIVEN, DANISH_FAMILY, GivenFamily, "+45 ", 8, "Europe/Copenhagen", "da"),
    culture!(2, NORWEGIAN_GIVEN, NORWEGIAN_FAMILY, GivenFamily, "+47 4", 7, "Europe/Oslo", "no"),
    culture!(1, FINNISH_GIVEN, FINNISH_FAMILY, GivenFamily, "+358 40 ", 7, "Europe/Helsinki", "fi"),
    culture!(1, ICELANDIC_MALE_GIVEN, ICELANDIC_MALE_FAMILY, GivenFamily, "+354 ", 7, "Atlantic/Reykjavik", "is"),
    culture!(1, ICELANDIC_FEMALE_GIVEN, ICELANDIC_FEMALE_FAMILY, GivenFamily, "+354 ", 7, "Atlantic/Reykjavik", "is"),
    culture!(2, POLISH_MALE_GIVEN, POLISH_MALE_FAMILY, GivenFamily, "+48 5", 8, "Europe/Warsaw", "pl"),
    culture!(2, POLISH_FEMALE_GIVEN, POLISH_FEMALE_FAMILY, GivenFamily, "+48 5", 8, "Europe/Warsaw", "pl"),
    culture!(1, CZECH_MALE_GIVEN, CZECH_MALE_FAMILY, GivenFamily, "+420 6", 8, "Europe/Prague", "cs"),
    culture!(1, CZECH_FEMALE_GIVEN, CZECH_FEMALE_FAMILY, GivenFamily, "+420 6", 8, "Europe/Prague", "cs"),
    culture!(1, HUNGARIAN_GIVEN, HUNGARIAN_FAMILY, GivenFamily, "+36 30 ", 7, "Europe/Budapest", "hu"),
    culture!(1, GREEK_MALE_GIVEN, GREEK_MALE_FAMILY, GivenFamily, "+30 69", 8, "Europe/Athens", "el"),
    culture!(1, GREEK_FEMALE_GIVEN, GREEK_FEMALE_FAMILY, GivenFamily, "+30 69", 8, "Europe/Athens", "el"),
    culture!(3, TURKISH_GIVEN, TURKISH_FAMILY, GivenFamily, "+90 5", 9, "Europe/Istanbul", "tr"),
    culture!(1, RUSSIAN_MALE_GIVEN, RUSSIAN_MALE_FAMILY, GivenFamily, "+7 9", 9, "Europe/Moscow", "ru"),
    culture!(1, RUSSIAN_FEMALE_GIVEN, RUSSIAN_FEMALE_FAMILY, GivenFamily, "+7 9", 9, "Europe/Moscow", "ru"),
    culture!(1, CYRILLIC_MALE_GIVEN, CYRILLIC_MALE_FAMILY, GivenFamily, "+7 9", 9, "Europe/Moscow", "ru"),
    culture!(1, CYRILLIC_FEMALE_GIVEN, CYRILLIC_FEMALE_FAMILY, GivenFamily, "+7 9", 9, "Europe/Moscow", "ru"),
    culture!(2, UKRAINIAN_GIVEN, UKRAINIAN_FAMILY, GivenFamily, "+380 67 ", 7, "Europe/Kyiv", "uk"),
    culture!(1, UKRAINIAN_CYRILLIC_GIVEN, UKRAINIAN_CYRILLIC_FAMILY, GivenFamily, "+380 67 ", 7, "Europe/Kyiv", "uk"),
    culture!(4, JAPANESE_GIVEN, JAPANESE_FAMILY, GivenFamily, "+81 90 ", 8, "Asia/Tokyo", "ja"),
    culture!(1, JAPANESE_NATIVE_GIVEN, JAPANESE_NATIVE_FAMILY, FamilyGiven, "+81 90 ", 8, "Asia/Tokyo", "ja"),
    culture!(4, CHINESE_GIVEN, CHINESE_FAMILY, FamilyGiven, "+86 13", 9, "Asia/Shanghai", "zh"),
    culture!(1, CHINESE_NATIVE_GIVEN, CHINESE_NATIVE_FAMILY, FamilyGivenJoined, "+86 13", 9, "Asia/Shanghai", "zh"),
    culture!(3, KOREAN_GIVEN, KOREAN_FAMILY, GivenFamily, "+82 10 ", 8, "Asia/Seoul", "ko"),
    culture!(1, KOREAN_NATIVE_GIVEN, KOREAN_NATIVE_FAMILY, FamilyGivenJoined, "+82 10 ", 8, "Asia/Seoul", "ko"),
    culture!(7, INDIAN_GIVEN, INDIAN_FAMILY, GivenFamily, "+91 9", 9, "Asia/Kolkata", "hi"),
    culture!(2, ARABIC_GIVEN, ARABIC_FAMILY, GivenFamily, "+971 5", 8, "Asia/Dubai", "ar"),
    culture!(2, ARABIC_GIVEN, ARABIC_FAMILY, GivenFamily, "+20 10 ", 8, "Africa/Cairo", "ar"),
    culture!(3, NIGERIAN_GIVEN, NIGERIAN_FAMILY, GivenFamily, "+234 80", 8, "Africa/Lagos", "en"),
    culture!(1, GHANAIAN_GIVEN, GHANAIAN_FAMILY, GivenFamily, "+233 24 ", 7, "Africa/Accra", "en"),
    culture!(2, SOUTH_AFRICAN_GIVEN, SOUTH_AFRICAN_FAMILY, GivenFamily, "+27 8", 8, "Africa/Johannesburg", "en"),
    culture!(2, VIETNAMESE_GIVEN, VIETNAMESE_FAMILY, FamilyGiven, "+84 9", 8, "Asia/Ho_Chi_Minh", "vi"),
];

/// Private mailbox providers for contacts without a company (all under `.example`, RFC 2606).
pub const MAIL_DOMAINS: &[&str] = &["mailbox.example", "post.example", "inbox.example", "webmail.example"];

// Company names are "{adjective} {noun} {suffix}": 40 × 40 × 30 = 48,000 combinations.
// Adjectives and nouns are single ASCII words, so every combination folds to a distinct key.
pub const COMPANY_ADJECTIVES: &[&str] = &[
    "Bright", "Silver", "Northern", "Blue", "Quiet", "Golden", "Swift", "Clever", "Crimson", "Open",
    "Little", "Brave", "Urban", "Coastal", "Evergreen", "Polar", "Lucky", "Solid", "Green", "Iron",
    "Velvet", "Amber", "Cobalt", "Copper", "Granite", "Hidden", "Lunar", "Misty", "Noble", "Rapid",
    "Scarlet", "Simple", "Sunny", "True", "Wild", "Modern", "Nimble", "Bold", "Fair", "Red",
];
pub const COMPANY_NOUNS: &[&str] = &[
    "Harbor", "Pine", "Fox", "River", "Summit", "Lantern", "Meadow", "Anchor", "Falcon", "Maple",
    "Orchard", "Beacon", "Bridge", "Cedar", "Canyon", "Comet", "Delta", "Ember", "Fjord", "Forge",
    "Garden", "Glacier", "Grove", "Hawk", "Horizon", "Island", "Juniper", "Kite", "Lighthouse", "Mountain",
    "Oak", "Otter", "Pebble", "Prairie", "Quarry", "Raven", "Sparrow", "Spruce", "Tide", "Willow",
];
pub const COMPANY_SUFFIXES: &[&str] = &[
    "Labs", "Studio", "Digital", "Consulting", "Partners", "Group", "Systems", "Works", "Analytics",
    "Logistics", "Foods", "Media", "Ventures", "Health", "Software", "Design", "& Co.", "Ltd", "LLC",
    "Inc.", "GmbH", "S.A.", "AB", "Oy", "B.V.", "S.r.l.", "K.K.", "Ltda.", "Pty Ltd", "SAS",
];

pub const INDUSTRIES: &[&str] = &[
    "Software", "Marketing", "Retail", "Healthcare", "Manufacturing", "Education", "Finance", "Logistics",
    "Hospitality", "Construction", "Media", "Non-profit", "Legal", "Real estate", "Energy", "Agriculture",
    "Architecture", "Consulting", "Food & beverage", "Travel",
];

pub const COMPANY_NOTES: &[&str] = &[
    "Prefers invoices in EUR.",
    "Procurement needs three quotes for anything above 10k.",
    "Fiscal year starts in April.",
    "Long-standing client; renewals are usually a formality.",
    "Moving offices next spring.",
    "Parent company decides on budgets.",
    "Pays invoices at 60 days.",
    "Met the founders at a conference in Lisbon.",
];

pub const TITLES: &[&str] = &[
    "CEO", "Founder", "Co-founder", "CTO", "Head of Marketing", "Marketing Manager", "Operations Manager",
    "Product Manager", "Office Manager", "Procurement Lead", "Creative Director", "Sales Director",
    "Head of Growth", "Managing Director", "Owner", "Project Manager", "Brand Manager", "IT Manager",
    "Finance Director", "Head of Partnerships", "Communications Officer", "Designer", "Engineering Manager",
    "Customer Success Lead", "Head of E-commerce", "COO",
];

/// Contact sources with their relative weights.
pub const SOURCES: &[(&str, u32)] = &[
    ("linkedin", 30),
    ("referral", 20),
    ("website", 25),
    ("event", 10),
    ("cold-outreach", 10),
    ("import", 5),
];

pub const TAGS: &[&str] = &[
    "vip", "newsletter", "partner", "warm", "cold", "agency", "smb", "enterprise", "investor", "press",
    "speaker", "reseller", "beta", "decision-maker",
];

pub const CONTACT_NOTES: &[&str] = &[
    "Met at Web Summit in Lisbon.",
    "Prefers e-mail over calls.",
    "Introduced by a former client.",
    "The CFO signs off on every purchase.",
    "Speaks at local meetups about design systems.",
    "Out of office every August.",
    "Budget cycle starts in January.",
    "Very detail-oriented; send agendas in advance.",
    "Moved here from a competitor last year.",
    "Likes a short call on Monday mornings.",
];

/// Deal topics; `{year}` becomes the year the deal closes.
pub const DEAL_TOPICS: &[&str] = &[
    "Website redesign",
    "Annual retainer {year}",
    "SEO audit",
    "Brand workshop",
    "Mobile app MVP",
    "Content strategy",
    "Newsletter templates",
    "E-commerce migration",
    "Support plan {year}",
    "Analytics setup",
    "Logo and visual identity",
    "Copywriting package",
    "Performance audit",
    "Social media campaign",
    "Team training day",
    "Accessibility review",
    "CRM integration",
    "Product photography",
    "Hosting and maintenance {year}",
    "Trade fair booth design",
    "Marketing automation",
    "Data migration",
];

pub const LOST_REASONS: &[&str] = &[
    "price",
    "went with a competitor",
    "no budget",
    "timing",
    "no decision",
    "project cancelled",
    "doing it in-house",
    "stopped responding",
];

pub const EMAIL_OUT: &[&str] = &[
    "Sent the proposal for review",
    "Shared the updated quote",
    "Followed up on last week's call",
    "Sent meeting notes and next steps",
    "Asked for feedback on the mock-ups",
    "Confirmed the kickoff date",
    "Sent the contract for signature",
    "Shared case studies from similar projects",
    "Invoice sent for the first milestone",
    "Asked whether the budget was approved",
    "Introduced our new support plan",
    "Requested access to the analytics account",
    "Sent the onboarding checklist",
    "Reminder about the renewal date",
    "Shared the Q1 rollout plan",
    "Sent a thank-you after the workshop",
    "Clarified the payment terms",
    "Sent the monthly report",
];
pub const EMAIL_IN: &[&str] = &[
    "Asked for a quote for the new website",
    "Replied: needs sign-off from the board",
    "Sent over their brand guidelines",
    "Asked about availability in March",
    "Confirmed the budget",
    "Requested a revised timeline",
    "Question about the last invoice",
    "Thanked us for the workshop",
    "Forwarded the security questionnaire",
    "Asked to move the meeting to next week",
    "Signed contract returned",
    "Introduced a colleague from the sales team",
    "Reported a bug on the checkout page",
    "Asked for references",
];
pub const CALL_OUT: &[&str] = &[
    "Talked pricing for the Q1 rollout",
    "Intro call: goals and timeline",
    "Discussed the scope of phase two",
    "Walked through the proposal",
    "Checked in after the launch",
    "Negotiated the discount for a two-year term",
    "Discovery call with the marketing team",
    "Reviewed the project status",
    "Left a voicemail",
    "Follow-up call about the contract",
    "Discussed renewal options",
    "Called to reschedule the workshop",
];
pub const CALL_IN: &[&str] = &[
    "Called with questions about data migration",
    "Wanted to add two more landing pages",
    "Asked about hiring plans and budget",
    "Quick call about the invoice",
    "Called to say the board approved",
    "Asked for an urgent fix before the campaign",
    "Called back about our proposal",
];
pub const MEETING: &[&str] = &[
    "Kickoff meeting at their office",
    "Quarterly business review",
    "Demo of the new dashboard",
    "Brand workshop with the founders",
    "Lunch to discuss expansion plans",
    "Contract negotiation with procurement",
    "On-site audit of the current setup",
    "Strategy session for next year",
    "Presented the redesign concepts",
    "Retrospective after the launch",
    "Met at their trade fair stand",
    "Workshop on the content plan",
    "Video call with their IT team",
];
pub const NOTE: &[&str] = &[
    "Prefers calls before 10am",
    "Budget decisions happen in January",
    "Their CFO signs anything above 10k",
    "Reorganisation going on; wait a month",
    "Competitor quoted 20% less",
    "Interested in the SEO package later",
    "Main contact is on parental leave until spring",
    "Uses a spreadsheet today; open to switching",
    "Wants to be invited to our next webinar",
    "Key decision maker for the EMEA region",
    "Mentioned a second project for next year",
];
pub const MESSAGE_OUT: &[&str] = &[
    "LinkedIn: invited to the webinar",
    "WhatsApp: confirmed tomorrow's meeting",
    "Slack: shared the staging link",
    "Texted the meeting address",
    "LinkedIn: congratulated on the new role",
    "Shared the calendar link",
];
pub const MESSAGE_IN: &[&str] = &[
    "LinkedIn: asked for a short intro call",
    "WhatsApp: running ten minutes late",
    "Slack: approved the homepage design",
    "Asked for the logo files",
    "Sent their billing address",
    "Asked whether we do app development",
];
pub const FEEDBACK_GOOD: &[&str] = &[
    "Very happy with the launch",
    "Loved the workshop format",
    "Great communication throughout",
    "Would recommend us to a partner",
    "The new site converts better",
    "Onboarding was smooth",
    "Fast turnaround on the changes",
];
pub const FEEDBACK_POOR: &[&str] = &[
    "Support response times could be faster",
    "Reports are hard to read",
    "The invoicing process is confusing",
    "Delivery slipped by a week",
    "Expected more senior people on the project",
    "Too many meetings for a small project",
];

/// Occasional longer texts for e-mails, meetings and notes.
pub const BODIES: &[&str] = &[
    "Hi,\n\nthanks for your time today. As discussed, we will send the revised estimate by Friday and \
     schedule the kickoff once the budget is confirmed.\n\nBest regards",
    "Attendees: their marketing lead and the CTO.\n- Timeline: launch before the summer campaign\n\
     - Open question: who owns the content migration\n- Next step: we send a proposal",
    "They are comparing three agencies. Price matters, but they care more about references in their \
     industry. Follow up with two case studies.",
    "Good meeting. They want a phased rollout: phase one in Q1, phase two depending on the results. \
     Budget holder is the COO.",
    "Hello,\n\nplease find the updated quote attached. It includes the extra landing pages and one \
     round of revisions.\n\nKind regards",
    "Feedback from the team was mostly positive; the only concern is the reporting cadence. \
     Proposed a monthly summary instead of weekly calls.",
];

pub const TASKS: &[&str] = &[
    "Send proposal",
    "Follow up on the quote",
    "Call back about pricing",
    "Prepare the demo",
    "Book the kickoff meeting",
    "Check in after the launch",
    "Ask for a testimonial",
    "Renewal check-in",
    "Send the invoice",
    "Review their feedback",
    "Draft the project plan",
    "Introduce to the design team",
    "Confirm the workshop agenda",
    "Update the estimate",
    "Send the newsletter sign-up link",
    "Connect on LinkedIn",
];
pub const DEAL_TASKS: &[&str] = &[
    "Send revised proposal",
    "Chase the signature",
    "Prepare negotiation notes",
    "Follow up on their decision",
    "Schedule a call with procurement",
    "Send the contract",
    "Answer the security questionnaire",
    "Prepare the pitch deck",
];
