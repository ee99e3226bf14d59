"""A first accessibility statement, the easy-to-read texts and nothing for
PJM (a video needs a real recording). Facts only the city can give (contact
person, e-mail, telephone, buildings) are left as marked placeholders; the
dates are the day the content was loaded, i.e. the day this portal was set up.
Idempotent: existing rows are left as editors have them."""

from django.db import transaction
from django.utils import timezone

from languages.translated import per_language
from publishing.models import published_now

from .models import AccessibilityStatement, Conformance, EasyReadText, Ground, InaccessibleContent

TO_COMPLETE = {
    "pl": "[Do uzupełnienia przez redakcję: {}]",
    "en": "[For the editors to complete: {}]",
    "uk": "[Має заповнити редакція: {}]",
    "be": "[Мае запоўніць рэдакцыя: {}]",
}


def _placeholder(what):
    return {language: TO_COMPLETE[language].format(text) for language, text in what.items()}


STATEMENT = {
    "entity_name": {
        "pl": "Miasto Białystok",
        "en": "City of Białystok",
        "uk": "Місто Білосток",
        "be": "Горад Беласток",
    },
    "website_name": {
        "pl": "Białystok w drodze do statusu Miasta Praw Człowieka",
        "en": "Białystok on the road to a Human Rights City",
        "uk": "Білосток на шляху до статусу Міста прав людини",
        "be": "Беласток на шляху да статусу Горада правоў чалавека",
    },
    "assessment": {
        "pl": "Samoocena zespołu portalu: przy każdej zmianie oprogramowania automatyczne testy sprawdzają "
        "każdą stronę we wszystkich wersjach językowych narzędziem axe-core (WCAG 2.1 AA) i walidatorem HTML "
        "oraz sprawdzają obsługę klawiaturą i dopasowanie do ekranu o szerokości 320 pikseli. "
        "Audyt ekspercki nie został jeszcze przeprowadzony.",
        "en": "Self-assessment by the portal team: with every change to the software, automated tests check every page "
        "in every language with axe-core (WCAG 2.1 AA) and an HTML validator, and check keyboard use and reflow at "
        "a width of 320 pixels. No expert audit has been carried out yet.",
        "uk": "Самооцінка команди порталу: під час кожної зміни програмного забезпечення автоматичні тести перевіряють "
        "кожну сторінку всіма мовами за допомогою axe-core (WCAG 2.1 AA) і валідатора HTML, а також перевіряють "
        "керування з клавіатури та відображення на екрані шириною 320 пікселів. Експертний аудит ще не проводився.",
        "be": "Самаацэнка каманды партала: пры кожнай змене праграмнага забеспячэння аўтаматычныя тэсты правяраюць "
        "кожную старонку на ўсіх мовах з дапамогай axe-core (WCAG 2.1 AA) і валідатара HTML, а таксама правяраюць "
        "кіраванне з клавіятуры і адлюстраванне на экране шырынёй 320 пікселяў. Экспертны аўдыт яшчэ не праводзіўся.",
    },
    "keyboard_shortcuts": {
        "pl": "Portal nie ma własnych skrótów klawiaturowych; działają skróty przeglądarki i czytnika ekranu. Pierwsze "
        "naciśnięcie klawisza Tab pokazuje odnośnik „Przejdź do treści głównej”.",
        "en": "The portal has no shortcuts of its own; the shortcuts of your browser and screen reader work. The first "
        "press of the Tab key shows the “Skip to main content” link.",
        "uk": "Портал не має власних клавіатурних скорочень; працюють скорочення браузера та програми екранного "
        "читання. Перше натискання клавіші Tab показує посилання «Перейти до основного вмісту».",
        "be": "Партал не мае ўласных клавіятурных скарачэнняў; працуюць скарачэнні браўзера і праграмы экраннага "
        "чытання. Першае націсканне клавішы Tab паказвае спасылку «Перайсці да асноўнага зместу».",
    },
    "mobile_apps": _placeholder(
        {
            "pl": "informacja o aplikacjach mobilnych podmiotu i ich deklaracjach dostępności",
            "en": "information on the body's mobile applications and their accessibility statements",
            "uk": "інформація про мобільні застосунки установи та їхні декларації доступності",
            "be": "інфармацыя пра мабільныя праграмы ўстановы і іх дэкларацыі даступнасці",
        }
    ),
    "architecture": _placeholder(
        {
            "pl": "opis dostępności architektonicznej siedziby (wejścia, windy, toalety, miejsca parkingowe, "
            "pętle indukcyjne, wstęp z psem asystującym)",
            "en": "a description of the architectural accessibility of the premises (entrances, lifts, toilets, "
            "parking, induction loops, access with an assistance dog)",
            "uk": "опис архітектурної доступності приміщень (входи, ліфти, туалети, паркування, індукційні петлі, "
            "доступ із собакою-асистентом)",
            "be": "апісанне архітэктурнай даступнасці памяшканняў (уваходы, ліфты, туалеты, паркоўка, індукцыйныя "
            "петлі, доступ з сабакам-асістэнтам)",
        }
    ),
    "communication": _placeholder(
        {
            "pl": "jak skorzystać z tłumacza języka migowego i innych form komunikacji",
            "en": "how to use a sign language interpreter and other forms of communication",
            "uk": "як скористатися послугами перекладача мови жестів та іншими формами комунікації",
            "be": "як скарыстацца паслугамі перакладчыка мовы жэстаў і іншымі формамі камунікацыі",
        }
    ),
}

INACCESSIBLE = [
    (
        Ground.NON_COMPLIANCE,
        {
            "pl": "Dokumenty dołączane przez redakcję (na przykład skany podpisanych dokumentów w formacie PDF) mogą "
            "nie być dostępne cyfrowo; portal nie sprawdza ich automatycznie.",
            "en": "Documents attached by the editors (for example scans of signed documents as PDF) may not be "
            "digitally accessible; the portal does not check them automatically.",
            "uk": "Документи, які додає редакція (наприклад, скани підписаних документів у форматі PDF), можуть бути "
            "недоступними в цифровому форматі; портал не перевіряє їх автоматично.",
            "be": "Дакументы, якія дадае рэдакцыя (напрыклад, сканы падпісаных дакументаў у фармаце PDF), могуць быць "
            "недаступнымі ў лічбавым фармаце; партал не правярае іх аўтаматычна.",
        },
        {
            "pl": "Tekst każdej deklaracji jest dostępny na stronie jako zwykły tekst; inne dokumenty udostępnimy na "
            "żądanie w dostępnej formie.",
            "en": "The text of the declaration is available on the page as plain text; we will provide other "
            "documents in an accessible form on request.",
            "uk": "Текст декларації доступний на сторінці як звичайний текст; інші документи ми надамо на запит "
            "у доступній формі.",
            "be": "Тэкст дэкларацыі даступны на старонцы як звычайны тэкст; іншыя дакументы мы дадзім па запыце "
            "ў даступнай форме.",
        },
    ),
]

EASY_READ = [
    (
        "o-portalu",
        True,
        {
            "pl": "O tym portalu",
            "en": "About this website",
            "uk": "Про цей вебсайт",
            "be": "Пра гэты вэб-сайт",
        },
        {
            "pl": "To jest strona internetowa miasta Białystok.\n\n"
            "Na tej stronie jest deklaracja.\nDeklaracja to ważny dokument.\n"
            "Miasto podpisało deklarację 19 grudnia 2023 roku.\n\n"
            "W deklaracji miasto mówi:\nChcemy, żeby w Białymstoku szanowano prawa każdego człowieka.\n\n"
            "Na tej stronie możesz też sprawdzić,\nco miasto już zrobiło\ni co jeszcze chce zrobić.",
            "en": "This is a website of the city of Białystok.\n\n"
            "On this website there is a declaration.\nA declaration is an important document.\n"
            "The city signed the declaration on 19 December 2023.\n\n"
            "In the declaration the city says:\nWe want the rights of every person to be respected in Białystok.\n\n"
            "On this website you can also check\nwhat the city has already done\nand what it still wants to do.",
            "uk": "Це вебсайт міста Білосток.\n\n"
            "На цьому сайті є декларація.\nДекларація — це важливий документ.\n"
            "Місто підписало декларацію 19 грудня 2023 року.\n\n"
            "У декларації місто каже:\nМи хочемо, щоб у Білостоці поважали права кожної людини.\n\n"
            "На цьому сайті ти також можеш перевірити,\nщо місто вже зробило\nі що ще хоче зробити.",
            "be": "Гэта вэб-сайт горада Беласток.\n\n"
            "На гэтым сайце ёсць дэкларацыя.\nДэкларацыя — гэта важны дакумент.\n"
            "Горад падпісаў дэкларацыю 19 снежня 2023 года.\n\n"
            "У дэкларацыі горад кажа:\nМы хочам, каб у Беластоку паважалі правы кожнага чалавека.\n\n"
            "На гэтым сайце ты таксама можаш праверыць,\nшто горад ужо зрабіў\nі што яшчэ хоча зрабіць.",
        },
    ),
    (
        "o-deklaracji",
        False,
        {
            "pl": "Co jest w deklaracji",
            "en": "What the declaration says",
            "uk": "Що є в декларації",
            "be": "Што ёсць у дэкларацыі",
        },
        {
            "pl": "Deklaracja mówi o pięciu ważnych sprawach.\nTe sprawy to:\n"
            "równość,\nwolność,\nsolidarność,\nszacunek,\notwartość.\n\n"
            "Każda osoba w Białymstoku ma takie same prawa.\n\n"
            "Miasto chce być bezpieczne dla wszystkich.\nMiasto chce rozmawiać z mieszkańcami.\n\n"
            "Miasto będzie pracować nad tym wiele lat.",
            "en": "The declaration talks about five important things.\nThese things are:\n"
            "equality,\nfreedom,\nsolidarity,\nrespect,\nopenness.\n\n"
            "Every person in Białystok has the same rights.\n\n"
            "The city wants to be safe for everyone.\nThe city wants to talk with the people who live here.\n\n"
            "The city will work on this for many years.",
            "uk": "Декларація говорить про п’ять важливих речей.\nЦе:\n"
            "рівність,\nсвобода,\nсолідарність,\nповага,\nвідкритість.\n\n"
            "Кожна людина в Білостоці має однакові права.\n\n"
            "Місто хоче бути безпечним для всіх.\nМісто хоче говорити з мешканцями.\n\n"
            "Місто працюватиме над цим багато років.",
            "be": "Дэкларацыя гаворыць пра пяць важных рэчаў.\nГэта:\n"
            "роўнасць,\nсвабода,\nсалідарнасць,\nпавага,\nадкрытасць.\n\n"
            "Кожны чалавек у Беластоку мае аднолькавыя правы.\n\n"
            "Горад хоча быць бяспечным для ўсіх.\nГорад хоча размаўляць з жыхарамі.\n\n"
            "Горад будзе працаваць над гэтым шмат гадоў.",
        },
    ),
]


@transaction.atomic
def load():
    today = timezone.localdate()
    if not AccessibilityStatement.objects.exists():
        statement = AccessibilityStatement.objects.create(
            site_published_on=today,
            site_updated_on=today,
            prepared_on=today,
            reviewed_on=today,
            conformance=Conformance.PARTIAL,
            **{key: value for field, texts in STATEMENT.items() for key, value in per_language(field, texts).items()},
            **published_now(),
        )
        for order, (ground, description, alternative) in enumerate(INACCESSIBLE):
            InaccessibleContent.objects.create(
                statement=statement,
                ground=ground,
                order=order,
                **per_language("description", description),
                **per_language("alternative", alternative),
            )
    for order, (slug, scope, title, body) in enumerate(EASY_READ):
        EasyReadText.objects.get_or_create(
            slug=slug,
            defaults={
                "order": order,
                "is_scope_of_activity": scope,
                **per_language("title", title),
                **per_language("body", body),
                **published_now(),
            },
        )
