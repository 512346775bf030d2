/**
 * Back-office strings of the report categories page (meldingen, decision 1500), Dutch first;
 * merged into the back-office messages.
 */
export const MELDINGEN_MESSAGES = {
  reportCategories: { nl: 'Meldingscategorieën', fr: 'Catégories de signalements', en: 'Report categories' },
  reportCategoriesIntro: {
    nl: 'Elke hoofdcategorie is een soort melding op het loket; subcategorieën verfijnen ze. Het team behandelt de meldingen, de behandeltermijn staat in werkdagen. Een subcategorie zonder eigen team of termijn volgt haar hoofdcategorie.',
    fr: "Chaque catégorie principale est un type de signalement au guichet ; les sous-catégories l'affinent. L'équipe traite les signalements, le délai de traitement est en jours ouvrables. Une sous-catégorie sans équipe ou délai propre suit sa catégorie principale.",
    en: 'Each main category is a kind of report at the counter; sub-categories refine it. The team handles the reports; the handling time is in working days. A sub-category without its own team or time follows its main category.',
  },
  noReportCategories: {
    nl: 'Nog geen categorieën.',
    fr: 'Pas encore de catégories.',
    en: 'No categories yet.',
  },
  newReportCategory: { nl: 'Nieuwe categorie', fr: 'Nouvelle catégorie', en: 'New category' },
  editReportCategory: { nl: 'Categorie wijzigen', fr: 'Modifier la catégorie', en: 'Edit category' },
  categoryCode: { nl: 'Code', fr: 'Code', en: 'Code' },
  categoryCodeHint: {
    nl: 'Kleine letters, cijfers en streepjes, bv. lamp-uit. Niet meer te wijzigen.',
    fr: 'Minuscules, chiffres et tirets, p. ex. lamp-uit. Ne peut plus être modifié.',
    en: 'Lowercase letters, digits and dashes, e.g. lamp-uit. Cannot be changed later.',
  },
  categoryParent: { nl: 'Hoort bij', fr: 'Appartient à', en: 'Belongs to' },
  categoryMain: { nl: '– hoofdcategorie –', fr: '– catégorie principale –', en: '– main category –' },
  categoryNameNl: { nl: 'Naam (Nederlands)', fr: 'Nom (néerlandais)', en: 'Name (Dutch)' },
  categoryNameFr: { nl: 'Naam (Frans)', fr: 'Nom (français)', en: 'Name (French)' },
  categoryNameEn: { nl: 'Naam (Engels)', fr: 'Nom (anglais)', en: 'Name (English)' },
  categoryTeam: { nl: 'Team', fr: 'Équipe', en: 'Team' },
  categoryNoTeam: {
    nl: '– geen (volgt de hoofdcategorie of het type) –',
    fr: '– aucune (suit la catégorie principale ou le type) –',
    en: '– none (follows the main category or the type) –',
  },
  categoryDays: {
    nl: 'Behandeltermijn (werkdagen)',
    fr: 'Délai de traitement (jours ouvrables)',
    en: 'Handling time (working days)',
  },
  categoryDaysHint: {
    nl: 'Leeg: zoals de hoofdcategorie (anders 10 werkdagen).',
    fr: 'Vide : comme la catégorie principale (sinon 10 jours ouvrables).',
    en: 'Empty: as the main category (else 10 working days).',
  },
  categoryAnonymous: {
    nl: 'Meldingen zonder aanmelden toestaan',
    fr: 'Autoriser les signalements sans connexion',
    en: 'Allow reports without login',
  },
  categoryActive: { nl: 'In gebruik', fr: 'En service', en: 'In use' },
  standardAnswers: { nl: 'Standaardantwoorden', fr: 'Réponses types', en: 'Standard answers' },
  standardAnswerTitle: {
    nl: 'Titel (voor medewerkers)',
    fr: 'Titre (pour le personnel)',
    en: 'Title (for staff)',
  },
  standardAnswerNl: { nl: 'Antwoord (Nederlands)', fr: 'Réponse (néerlandais)', en: 'Answer (Dutch)' },
  standardAnswerFr: { nl: 'Antwoord (Frans)', fr: 'Réponse (français)', en: 'Answer (French)' },
  standardAnswerEn: { nl: 'Antwoord (Engels)', fr: 'Réponse (anglais)', en: 'Answer (English)' },
  standardAnswerN: { nl: 'Standaardantwoord {n}', fr: 'Réponse type {n}', en: 'Standard answer {n}' },
  standardAnswersHint: {
    nl: 'Laat alle velden van een antwoord leeg om het te verwijderen.',
    fr: "Laissez tous les champs d'une réponse vides pour la supprimer.",
    en: 'Leave every field of an answer empty to remove it.',
  },
  saveCategory: { nl: 'Categorie bewaren', fr: 'Enregistrer la catégorie', en: 'Save category' },
  removeCategory: { nl: 'Verwijderen', fr: 'Supprimer', en: 'Remove' },
  editCategory: { nl: 'Wijzigen', fr: 'Modifier', en: 'Edit' },
  yes: { nl: 'ja', fr: 'oui', en: 'yes' },
  no: { nl: 'nee', fr: 'non', en: 'no' },
  categoryName: { nl: 'Naam', fr: 'Nom', en: 'Name' },
  categoryAnonymousShort: { nl: 'Zonder aanmelden', fr: 'Sans connexion', en: 'Without login' },
  'categoryError.code': {
    nl: 'Geef een code met kleine letters, cijfers en streepjes (hoogstens 50 tekens).',
    fr: 'Indiquez un code en minuscules, chiffres et tirets (50 caractères au plus).',
    en: 'Enter a code of lowercase letters, digits and dashes (at most 50 characters).',
  },
  'categoryError.duplicate': {
    nl: 'Er bestaat al een categorie met deze code.',
    fr: 'Une catégorie avec ce code existe déjà.',
    en: 'A category with this code already exists.',
  },
  'categoryError.name': {
    nl: 'Geef de naam in het Nederlands, Frans en Engels (hoogstens 100 tekens).',
    fr: 'Indiquez le nom en néerlandais, français et anglais (100 caractères au plus).',
    en: 'Enter the name in Dutch, French and English (at most 100 characters).',
  },
  'categoryError.parent': {
    nl: 'Een subcategorie hoort bij een bestaande hoofdcategorie.',
    fr: 'Une sous-catégorie appartient à une catégorie principale existante.',
    en: 'A sub-category belongs to an existing main category.',
  },
  'categoryError.hasSubs': {
    nl: 'Deze categorie heeft subcategorieën en blijft dus een hoofdcategorie.',
    fr: 'Cette catégorie a des sous-catégories et reste donc une catégorie principale.',
    en: 'This category has sub-categories, so it stays a main category.',
  },
  'categoryError.team': {
    nl: 'Kies een bestaand team.',
    fr: 'Choisissez une équipe existante.',
    en: 'Choose an existing team.',
  },
  'categoryError.days': {
    nl: 'De behandeltermijn is een aantal werkdagen van 1 tot 365, of leeg.',
    fr: 'Le délai de traitement est un nombre de jours ouvrables de 1 à 365, ou vide.',
    en: 'The handling time is a number of working days from 1 to 365, or empty.',
  },
  'categoryError.answer': {
    nl: 'Vul van elk standaardantwoord de titel en de tekst in het Nederlands, Frans en Engels in.',
    fr: 'Remplissez pour chaque réponse type le titre et le texte en néerlandais, français et anglais.',
    en: 'Fill in the title and the text in Dutch, French and English of every standard answer.',
  },
} as const;
