package io.sendtime.samples;

/**
 * The fixed word lists the generator draws from: people by country (names in their own script
 * plus the Latin spelling used in email addresses) and the product catalog.
 */
final class Vocabulary {

    private Vocabulary() {
    }

    /** A country as the generator uses it. Names are {native, latin} pairs; cities {city, province, zip}. */
    record Country(String code, String name, String language, String currency, String phonePrefix,
                   int taxPercent, String[][] firstNames, String[][] lastNames, String[][] cities) {
    }

    static final Country CA = new Country("CA", "Canada", "en", "CAD", "+1 613", 13,
            new String[][] {{"Bob", "bob"}, {"Liam", "liam"}, {"Olivia", "olivia"}, {"Chloé", "chloe"},
                    {"Noah", "noah"}, {"Émilie", "emilie"}},
            new String[][] {{"Norman", "norman"}, {"Tremblay", "tremblay"}, {"Gagnon", "gagnon"},
                    {"Côté", "cote"}, {"Roy", "roy"}, {"Bouchard", "bouchard"}},
            new String[][] {{"Ottawa", "Ontario", "K2P 1L4"}, {"Montréal", "Quebec", "H2X 1Y4"},
                    {"Vancouver", "British Columbia", "V6B 1A1"}});
    static final Country US = new Country("US", "United States", "en", "USD", "+1 212", 8,
            new String[][] {{"Emily", "emily"}, {"Michael", "michael"}, {"Jessica", "jessica"},
                    {"Tyler", "tyler"}, {"Ashley", "ashley"}, {"DeShawn", "deshawn"}},
            new String[][] {{"Smith", "smith"}, {"Johnson", "johnson"}, {"O'Connor", "oconnor"},
                    {"Williams", "williams"}, {"Brown", "brown"}, {"Nguyen", "nguyen"}},
            new String[][] {{"New York", "New York", "10001"}, {"Austin", "Texas", "73301"},
                    {"Seattle", "Washington", "98101"}});
    static final Country PL = new Country("PL", "Poland", "pl", "PLN", "+48 601", 23,
            new String[][] {{"Anna", "anna"}, {"Łukasz", "lukasz"}, {"Małgorzata", "malgorzata"},
                    {"Paweł", "pawel"}, {"Zofia", "zofia"}, {"Jędrzej", "jedrzej"}},
            new String[][] {{"Kowalska", "kowalska"}, {"Nowak", "nowak"}, {"Wiśniewski", "wisniewski"},
                    {"Wójcik", "wojcik"}, {"Zieliński", "zielinski"}, {"Szymańska", "szymanska"}},
            new String[][] {{"Kraków", "Małopolskie", "30-001"}, {"Warszawa", "Mazowieckie", "00-001"},
                    {"Gdańsk", "Pomorskie", "80-001"}});
    static final Country DE = new Country("DE", "Germany", "de", "EUR", "+49 151", 19,
            new String[][] {{"Jürgen", "juergen"}, {"Lena", "lena"}, {"Björn", "bjoern"}, {"Käthe", "kaethe"},
                    {"Max", "max"}, {"Sophie", "sophie"}},
            new String[][] {{"Müller", "mueller"}, {"Schröder", "schroeder"}, {"Weiß", "weiss"},
                    {"Fischer", "fischer"}, {"Becker", "becker"}, {"Groß", "gross"}},
            new String[][] {{"München", "Bayern", "80331"}, {"Berlin", "Berlin", "10115"},
                    {"Köln", "Nordrhein-Westfalen", "50667"}});
    static final Country GB = new Country("GB", "United Kingdom", "en", "GBP", "+44 7700", 20,
            new String[][] {{"Oliver", "oliver"}, {"Amelia", "amelia"}, {"Harry", "harry"}, {"Isla", "isla"},
                    {"George", "george"}, {"Siobhán", "siobhan"}},
            new String[][] {{"Taylor", "taylor"}, {"Davies", "davies"}, {"Evans", "evans"},
                    {"Thomas", "thomas"}, {"Roberts", "roberts"}, {"Walker", "walker"}},
            new String[][] {{"London", "England", "EC1A 1BB"}, {"Manchester", "England", "M1 1AE"},
                    {"Edinburgh", "Scotland", "EH1 1YZ"}});
    static final Country JP = new Country("JP", "Japan", "ja", "JPY", "+81 90", 10,
            new String[][] {{"太郎", "taro"}, {"花子", "hanako"}, {"健太", "kenta"}, {"美咲", "misaki"},
                    {"翔", "sho"}, {"結衣", "yui"}},
            new String[][] {{"佐藤", "sato"}, {"鈴木", "suzuki"}, {"高橋", "takahashi"}, {"田中", "tanaka"},
                    {"伊藤", "ito"}, {"渡辺", "watanabe"}},
            new String[][] {{"東京", "Tokyo", "100-0001"}, {"大阪", "Osaka", "530-0001"},
                    {"京都", "Kyoto", "600-8001"}});
    static final Country FR = new Country("FR", "France", "fr", "EUR", "+33 612", 20,
            new String[][] {{"Élodie", "elodie"}, {"François", "francois"}, {"Chloé", "chloe"},
                    {"Jérôme", "jerome"}, {"Camille", "camille"}, {"Noël", "noel"}},
            new String[][] {{"Lefèvre", "lefevre"}, {"Dubois", "dubois"}, {"Moreau", "moreau"},
                    {"Girard", "girard"}, {"Bézier", "bezier"}, {"Faure", "faure"}},
            new String[][] {{"Paris", "Île-de-France", "75001"}, {"Lyon", "Auvergne-Rhône-Alpes", "69001"},
                    {"Marseille", "Provence-Alpes-Côte d'Azur", "13001"}});
    static final Country UA = new Country("UA", "Ukraine", "uk", "UAH", "+380 67", 20,
            new String[][] {{"Олена", "olena"}, {"Андрій", "andrii"}, {"Тарас", "taras"}, {"Ірина", "iryna"},
                    {"Оксана", "oksana"}, {"Богдан", "bohdan"}},
            new String[][] {{"Шевченко", "shevchenko"}, {"Коваленко", "kovalenko"}, {"Бондаренко", "bondarenko"},
                    {"Ткаченко", "tkachenko"}, {"Мельник", "melnyk"}, {"Кравчук", "kravchuk"}},
            new String[][] {{"Київ", "Kyiv City", "01001"}, {"Львів", "Lviv Oblast", "79000"},
                    {"Одеса", "Odesa Oblast", "65000"}});
    static final Country ES = new Country("ES", "Spain", "es", "EUR", "+34 612", 21,
            new String[][] {{"José", "jose"}, {"María", "maria"}, {"Íñigo", "inigo"}, {"Lucía", "lucia"},
                    {"Sofía", "sofia"}, {"Andrés", "andres"}},
            new String[][] {{"García", "garcia"}, {"Muñoz", "munoz"}, {"Pérez", "perez"}, {"López", "lopez"},
                    {"Sánchez", "sanchez"}, {"Núñez", "nunez"}},
            new String[][] {{"Madrid", "Madrid", "28001"}, {"Sevilla", "Andalucía", "41001"},
                    {"Bilbao", "País Vasco", "48001"}});
    static final Country GR = new Country("GR", "Greece", "el", "EUR", "+30 694", 24,
            new String[][] {{"Γιώργος", "giorgos"}, {"Ελένη", "eleni"}, {"Νίκος", "nikos"}, {"Μαρία", "maria"},
                    {"Δημήτρης", "dimitris"}, {"Σοφία", "sofia"}},
            new String[][] {{"Παπαδόπουλος", "papadopoulos"}, {"Οικονόμου", "oikonomou"},
                    {"Γεωργίου", "georgiou"}, {"Νικολάου", "nikolaou"}, {"Βασιλείου", "vasileiou"},
                    {"Αντωνίου", "antoniou"}},
            new String[][] {{"Αθήνα", "Attica", "105 57"}, {"Θεσσαλονίκη", "Central Macedonia", "546 21"},
                    {"Πάτρα", "Western Greece", "262 21"}});
    static final Country AE = new Country("AE", "United Arab Emirates", "ar", "AED", "+971 50", 5,
            new String[][] {{"محمد", "mohammed"}, {"فاطمة", "fatima"}, {"أحمد", "ahmed"}, {"ليلى", "layla"},
                    {"عمر", "omar"}, {"نور", "noor"}},
            new String[][] {{"الحسن", "alhassan"}, {"المنصوري", "almansouri"}, {"الزعابي", "alzaabi"},
                    {"الهاشمي", "alhashemi"}, {"الخوري", "alkhoury"}, {"النعيمي", "alnuaimi"}},
            new String[][] {{"دبي", "Dubai", "00000"}, {"أبو ظبي", "Abu Dhabi", "00000"},
                    {"الشارقة", "Sharjah", "00000"}});
    static final Country KR = new Country("KR", "South Korea", "ko", "KRW", "+82 10", 10,
            new String[][] {{"민준", "minjun"}, {"서연", "seoyeon"}, {"지호", "jiho"}, {"하은", "haeun"},
                    {"도윤", "doyun"}, {"지우", "jiwoo"}},
            new String[][] {{"김", "kim"}, {"이", "lee"}, {"박", "park"}, {"최", "choi"}, {"정", "jung"},
                    {"강", "kang"}},
            new String[][] {{"서울", "Seoul", "04524"}, {"부산", "Busan", "48058"}, {"인천", "Incheon", "21554"}});

    /** Person index modulo 16 picks the slot: a country and the mail domain of that slot. */
    static final Country[] SLOT_COUNTRY = {CA, US, PL, DE, GB, JP, FR, UA, US, ES, GR, AE, KR, US, GB, PL};
    static final String[] SLOT_DOMAIN = {"mail.example.com", "example.com", "example.pl", "example.de",
            "example.co.uk", "example.jp", "example.fr", "example.com.ua", "example.net", "example.es",
            "example.gr", "example.ae", "example.kr", "example.org", "mail.example.co.uk", "poczta.example.pl"};

    /** Dollars-per-unit ×1000 (USD = 1000); catalog prices are in USD and converted per order. */
    static int fxPerMille(String currency) {
        return switch (currency) {
            case "CAD" -> 1360;
            case "EUR" -> 920;
            case "GBP" -> 790;
            case "PLN" -> 3950;
            case "JPY" -> 150_000;
            case "UAH" -> 41_000;
            case "AED" -> 3670;
            case "KRW" -> 1_350_000;
            default -> 1000;
        };
    }

    /** Currencies without minor units. */
    static boolean zeroDecimal(String currency) {
        return currency.equals("JPY") || currency.equals("KRW");
    }

    /** A catalog category: its messy spellings of product_type, title words, price range and options. */
    record Category(String canonical, String[] productTypes, String[] models, int minCents, int maxCents,
                    String[] options) {
    }

    static final Category[] CATEGORIES = {
        new Category("running_shoes", new String[] {"Running Shoes", "running shoes ", "Sneakers", "Footwear > Running"},
                new String[] {"Trail Runner", "Road Racer", "Tempo Glide", "Cloud Stride", "Marathon Pro"},
                8_900, 21_900, new String[] {"40", "41", "42", "43", "44"}),
        new Category("t_shirts", new String[] {"T-Shirts", "Tees", "t-shirt", "Apparel > Tops"},
                new String[] {"Merino Tee", "Dri-Fit Tee", "Logo Tee", "Seamless Top", "Graphic Tee"},
                1_900, 5_900, new String[] {"S", "M", "L", "XL"}),
        new Category("jackets", new String[] {"Jackets", "Outerwear", "Apparel > Outerwear", "jacket"},
                new String[] {"Storm Shell", "Down Parka", "Wind Breaker", "Rain Jacket"},
                7_900, 34_900, new String[] {"S", "M", "L"}),
        new Category("backpacks", new String[] {"Backpacks", "Bags", "bags & backpacks", "Accessories > Bags"},
                new String[] {"Day Pack 20L", "Hydration Vest", "Commuter Pack", "Summit Pack 40L"},
                3_900, 18_900, new String[] {"Default Title"}),
        new Category("water_bottles", new String[] {"Water Bottles", "Hydration", "Drinkware", "accessories > hydration"},
                new String[] {"Insulated Bottle", "Soft Flask", "Steel Bottle"},
                1_200, 4_500, new String[] {"500 ml", "750 ml"}),
        new Category("socks", new String[] {"Socks", "socks", "Hosiery"},
                new String[] {"Cushion Sock", "Compression Sock", "Trail Sock"},
                900, 2_900, new String[] {"S", "M", "L"}),
        new Category("watches", new String[] {"GPS Watches", "Wearables", "Electronics > Wearables", "Smartwatch"},
                new String[] {"Pace GPS", "Pulse HR", "Summit Solar"},
                14_900, 59_900, new String[] {"Black", "Slate"}),
        new Category("yoga_mats", new String[] {"Yoga Mats", "Fitness Equipment", "yoga"},
                new String[] {"Grip Mat", "Travel Mat", "Cork Mat"},
                2_900, 11_900, new String[] {"Default Title"}),
    };

    static final String[] COLORS = {"Black", "Pink", "Ocean Blue", "Forest", "Sand", "Crimson"};
    static final String[] VENDORS = {"Stride & Co", "Nordpeak", "Kestrel Athletics", "Halcyon Gear", "Vela Outdoor"};
    static final String[] PRODUCT_TAGS = {"new", "bestseller", "sale", "eco", "limited"};
    static final String[] SEARCHES = {"trail shoes", "waterproof jacket", "socks", "gps watch", "yoga mat",
            "merino", "laufschuhe", "buty do biegania", "ランニングシューズ", "bouteille", "зимова куртка", "backpack 20l"};
    static final String[] LIFECYCLE = {"subscriber", "lead", "marketingqualifiedlead", "opportunity", "customer",
            "evangelist"};
    static final String[] CUSTOMER_TAGS = {"", "vip", "newsletter", "vip, newsletter", "wholesale", "returning"};
}
