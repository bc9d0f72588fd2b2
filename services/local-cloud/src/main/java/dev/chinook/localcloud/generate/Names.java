package dev.chinook.localcloud.generate;

import java.util.List;

/**
 * Word lists for the generator, chosen to carry the quirks real exports have: quotes, commas,
 * apostrophes, backslashes, ampersands and non-ASCII letters.
 */
final class Names {

    static final List<String> GENRES = List.of("Rock", "Jazz", "Metal", "Alternative & Punk", "Rock And Roll",
            "Blues", "Latin", "Reggae", "Pop", "Soundtrack", "Bossa Nova", "Easy Listening", "Heavy Metal",
            "R&B/Soul", "Electronica/Dance", "World", "Hip Hop/Rap", "Science Fiction", "TV Shows",
            "Sci Fi & Fantasy", "Drama", "Comedy", "Alternative", "Classical", "Opera");

    static final List<String> MEDIA_TYPES = List.of("MPEG audio file", "Protected AAC audio file",
            "Protected MPEG-4 video file", "Purchased AAC audio file", "AAC audio file");

    static final List<String> ARTIST_FIRST = List.of("The", "Los", "Les", "Die", "Orquesta", "Banda", "Os",
            "Cidade", "Big", "Little", "Saint", "Black", "Red", "Blue", "Electric");
    static final List<String> ARTIST_WORDS = List.of("Wolves", "Björk", "Motörhead", "Señores", "Ravens",
            "O'Connor", "Sørensen", "Čapek", "Jobim", "Ångström", "Strings", "Machine", "Harbour", "Zürich",
            "Dvořák", "Niño", "Garçon", "Brothers", "Sisters", "Kings", "Queens", "Storm", "Fire", "Water",
            "\"Real\"", "AC\\DC", "Earth, Wind", "Smith & Sons", "Mötley", "Crüe", "Sigur", "Rós", "Hüsker",
            "Dü", "Ludovico", "Einaudi", "Ólafur", "Arnalds", "Åsa", "Ninja", "Tūī", "Café", "Tacvba");

    static final List<String> TITLE_WORDS = List.of("Live", "at", "the", "Garden", "Greatest", "Hits", "Vol.",
            "Unplugged", "Night", "Day", "Sessions", "Blue", "Rivers", "of", "Sound", "Acústico", "Noche",
            "Été", "Sommer", "Reise", "Träume", "Canções", "Don't", "Stop", "\"Quoted\"", "Back\\Slash",
            "Rain, Snow", "Mañana", "Żal", "Fjöll", "L'amour", "Encore", "Deluxe", "Edition", "Remastered");

    static final List<String> COMPOSERS = List.of("Angus Young, Malcolm Young, Brian Johnson",
            "Antônio Carlos Jobim", "Björk Guðmundsdóttir", "O'Brien/Greenwood", "J.S. Bach",
            "Wolfgang Amadeus Mozart", "Lennon & McCartney", "Chico Buarque", "Milton Nascimento",
            "\"Weird Al\" Yankovic", "Jean-Michel Jarre", "Dvořák", "Sigur Rós", "Steve Harris",
            "Bruce Dickinson, Adrian Smith");

    static final List<String> FIRST_NAMES = List.of("Luís", "Leonie", "François", "Bjørn", "František",
            "Helena", "Astrid", "Daan", "Kara", "Eduardo", "Alexandre", "Roberto", "Fernanda", "Mark", "Jennifer",
            "Frank", "Jack", "Michelle", "Tim", "Dan", "Kathy", "Heather", "John", "Richard", "Patrick", "Julia",
            "Robert", "Edward", "Martha", "Aaron", "Ellie", "João", "Madalena", "Hannah", "Niklas", "Camille",
            "Dominique", "Marc", "Wyatt", "Isabelle", "Ladislav", "Hugh", "Lucas", "Johannes", "Stanisław",
            "Enrique", "Joakim", "Emma", "Phil", "Steve", "Mark", "Diego", "Luis", "Manoj", "Puja", "Zoë", "Siân",
            "Chloë", "Renée");

    static final List<String> LAST_NAMES = List.of("Gonçalves", "Köhler", "Tremblay", "Hansen", "Wichterlová",
            "Holý", "Gruber", "Peeters", "Nielsen", "Martins", "Rocha", "Almeida", "Ramos", "Philips", "Peterson",
            "Harris", "Smith", "Brooks", "Goyer", "Miller", "Chase", "Gordon", "Mercier", "Murray", "O'Reilly",
            "D'Angelo", "Van der Berg", "Fernandes", "Sampaio", "Schröder", "Zimmermann", "Girard", "Dubois",
            "Lefebvre", "Bernard", "Mitchell", "Kovács", "Sullivan", "Gutiérrez", "Muñoz", "Johansson", "Wójcik",
            "Nowak", "Pareek", "Srivastava", "Ødegård", "MacLeod", "Ní Bhriain");

    static final List<String> COMPANIES = List.of("Embraer - Empresa Brasileira de Aeronáutica S.A.",
            "JetBrains s.r.o.", "Telus", "Rogers Canada", "Google Inc.", "Microsoft Corporation",
            "Apple Inc.", "Riotur", "Banco do Brasil S.A.", "Smith, Jones & Partners", "O'Hara \"Quality\" Goods",
            "Café Ünal GmbH");

    /** City, state (null where the country has none in Chinook), country, postal code pattern. */
    record Place(String city, String state, String country, String postalPattern, String phonePrefix) {
    }

    static final List<Place> PLACES = List.of(
            new Place("São José dos Campos", "SP", "Brazil", "#####-###", "+55 (12) "),
            new Place("Stuttgart", null, "Germany", "#####", "+49 0711 "),
            new Place("Montréal", "QC", "Canada", "H#X #Y#", "+1 (514) "),
            new Place("Oslo", null, "Norway", "0###", "+47 22 "),
            new Place("Prague", null, "Czech Republic", "### ##", "+420 2 "),
            new Place("Vienne", null, "Austria", "1###", "+43 01 "),
            new Place("Brussels", null, "Belgium", "10##", "+32 02 "),
            new Place("Copenhagen", null, "Denmark", "1###", "+453 3 "),
            new Place("Boston", "MA", "USA", "02###", "+1 (617) "),
            new Place("Redmond", "WA", "USA", "98###", "+1 (425) "),
            new Place("Cupertino", "CA", "USA", "95###", "+1 (408) "),
            new Place("Edmonton", "AB", "Canada", "T#K #N#", "+1 (780) "),
            new Place("Lisbon", null, "Portugal", "####-###", "+351 (213) "),
            new Place("Berlin", null, "Germany", "1####", "+49 030 "),
            new Place("Paris", null, "France", "750##", "+33 01 "),
            new Place("Helsinki", null, "Finland", "00###", "+358 09 "),
            new Place("Budapest", null, "Hungary", "H-1###", null),
            new Place("Dublin", "Dublin", "Ireland", null, "+353 01 "),
            new Place("Milan", null, "Italy", "201##", "+39 02 "),
            new Place("Amsterdam", "VV", "Netherlands", "10##", "+31 020 "),
            new Place("Warsaw", null, "Poland", "00-###", "+48 22 "),
            new Place("Madrid", null, "Spain", "280##", "+34 091 "),
            new Place("Stockholm", null, "Sweden", "11###", "+46 08 "),
            new Place("London", null, "United Kingdom", "SW1V #HF", "+44 020 "),
            new Place("Edinburgh ", null, "United Kingdom", "EH4 1HH", "+44 0131 "),
            new Place("Sidney", "NSW", "Australia", "2010", "+61 (02) "),
            new Place("Buenos Aires", null, "Argentina", "1106", "+54 (0)11 "),
            new Place("Santiago", null, "Chile", null, "+56 (0)2 "),
            new Place("Delhi", null, "India", "1100##", "+91 0124 "),
            new Place("Bangalore", null, "India", "560001", "+91 080 "));

    static final List<String> STREETS = List.of("Av. Brigadeiro Faria Lima", "Theodor-Heuss-Straße",
            "Rue Saint-Denis", "Ullevålsveien", "Klanova", "Rotenturmstraße", "Grétrystraat", "Sønder Boulevard",
            "Main Street", "Microsoft Way", "Infinite Loop", "Rue de l'Église", "Rua da Assunção", "Tauentzienstraße",
            "Place Bellecour", "Porthaninkatu", "Erzsébet krt.", "Via Degli Scipioni", "Lijnbaansgracht",
            "Ordynacka", "Calle Lira", "Celsiusg.", "Ranelagh Gardens", "Bloomsbury Square", "Sussex Street",
            "Av. Corrientes", "Calle Lira, Depto. 4", "Raj Bhavan Road", "Old Street \\ Unit 2", "3 Chatham Street");

    private Names() {
    }
}
