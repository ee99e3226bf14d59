"""The pages every page's footer links to. Their real content (contact
details, the data controller, the full accessibility statement) is the city's
to supply, so a fresh install holds clearly marked placeholders, never
invented details. Idempotent: existing pages are left as editors have them."""

from django.db import transaction

from publishing.models import published_now

from .models import CONTACT, PRIVACY, Page

PAGES = {
    PRIVACY: {
        "title": {
            "pl": "Prywatność i dane osobowe",
            "en": "Privacy and personal data",
            "uk": "Приватність і персональні дані",
            "be": "Прыватнасць і асабовыя даныя",
        },
        "body": {
            "pl": (
                "Pliki cookie: publiczna część portalu nie zapisuje w przeglądarce żadnych plików cookie i nie "
                "pobiera niczego z serwerów innych firm (czcionek, skryptów, statystyk). Dlatego nie prosimy "
                "o zgodę na pliki cookie. Plik cookie sesji zapisuje się tylko pracownikom, którzy logują się "
                "do panelu redakcji.\n\n"
                "Klauzula informacyjna (art. 13 RODO)\n\n"
                "1. Administrator danych: [do uzupełnienia przez redakcję: nazwa i adres administratora].\n"
                "2. Inspektor ochrony danych: [do uzupełnienia przez redakcję: adres e-mail i adres pocztowy].\n"
                "3. Cele i podstawa prawna przetwarzania: [do uzupełnienia przez redakcję].\n"
                "4. Odbiorcy danych: [do uzupełnienia przez redakcję].\n"
                "5. Okres przechowywania danych: [do uzupełnienia przez redakcję].\n"
                "6. Masz prawo dostępu do swoich danych, ich sprostowania, usunięcia lub ograniczenia "
                "przetwarzania, prawo do wniesienia sprzeciwu oraz prawo do przenoszenia danych, na zasadach "
                "określonych w RODO.\n"
                "7. Masz prawo wnieść skargę do Prezesa Urzędu Ochrony Danych Osobowych.\n"
                "8. Dane nie są wykorzystywane do zautomatyzowanego podejmowania decyzji ani profilowania."
            ),
            "en": (
                "Cookies: the public part of the portal stores no cookies in your browser and loads nothing from "
                "third-party servers (no fonts, scripts or analytics), so we do not ask for cookie consent. "
                "A session cookie is set only for staff who sign in to the editors' panel.\n\n"
                "Information clause (Article 13 GDPR)\n\n"
                "1. Data controller: [for the editors to complete: name and address of the controller].\n"
                "2. Data protection officer: [for the editors to complete: e-mail and postal address].\n"
                "3. Purposes and legal basis of processing: [for the editors to complete].\n"
                "4. Recipients of the data: [for the editors to complete].\n"
                "5. How long the data are kept: [for the editors to complete].\n"
                "6. You have the right of access to your data, to rectification, erasure or restriction of "
                "processing, the right to object and the right to data portability, as set out in the GDPR.\n"
                "7. You have the right to lodge a complaint with the President of the Personal Data Protection "
                "Office.\n"
                "8. The data are not used for automated decision-making or profiling."
            ),
            "uk": (
                "Файли cookie: публічна частина порталу не зберігає у вашому браузері жодних файлів cookie і "
                "нічого не завантажує із серверів третіх сторін (шрифтів, скриптів, аналітики), тому ми не "
                "просимо згоди на cookie. Сесійний cookie встановлюється лише працівникам, які входять до "
                "панелі редакції.\n\n"
                "Інформаційне положення (ст. 13 GDPR)\n\n"
                "1. Контролер даних: [має заповнити редакція: назва й адреса контролера].\n"
                "2. Інспектор із захисту даних: [має заповнити редакція: електронна та поштова адреса].\n"
                "3. Цілі та правова підстава обробки: [має заповнити редакція].\n"
                "4. Одержувачі даних: [має заповнити редакція].\n"
                "5. Строк зберігання даних: [має заповнити редакція].\n"
                "6. Ви маєте право на доступ до своїх даних, їх виправлення, видалення чи обмеження обробки, "
                "право на заперечення та право на перенесення даних відповідно до GDPR.\n"
                "7. Ви маєте право подати скаргу Голові Управління захисту персональних даних Польщі.\n"
                "8. Дані не використовуються для автоматизованого ухвалення рішень або профілювання."
            ),
            "be": (
                "Файлы cookie: публічная частка партала не захоўвае ў вашым браўзеры ніякіх файлаў cookie і "
                "нічога не загружае з сервераў трэціх бакоў (шрыфтоў, скрыптоў, аналітыкі), таму мы не просім "
                "згоды на cookie. Сеансавы cookie ўсталёўваецца толькі супрацоўнікам, якія ўваходзяць у "
                "панэль рэдакцыі.\n\n"
                "Інфармацыйнае палажэнне (арт. 13 GDPR)\n\n"
                "1. Кантралёр даных: [мае запоўніць рэдакцыя: назва і адрас кантралёра].\n"
                "2. Інспектар па абароне даных: [мае запоўніць рэдакцыя: электронны і паштовы адрас].\n"
                "3. Мэты і прававая падстава апрацоўкі: [мае запоўніць рэдакцыя].\n"
                "4. Атрымальнікі даных: [мае запоўніць рэдакцыя].\n"
                "5. Тэрмін захоўвання даных: [мае запоўніць рэдакцыя].\n"
                "6. Вы маеце права на доступ да сваіх даных, іх выпраўленне, выдаленне ці абмежаванне "
                "апрацоўкі, права на пярэчанне і права на перанос даных паводле GDPR.\n"
                "7. Вы маеце права падаць скаргу Старшыні Упраўлення абароны персанальных даных Польшчы.\n"
                "8. Даныя не выкарыстоўваюцца для аўтаматызаванага прыняцця рашэнняў або прафілявання."
            ),
        },
    },
    CONTACT: {
        "title": {"pl": "Kontakt", "en": "Contact", "uk": "Контакти", "be": "Кантакты"},
        "body": {
            "pl": "[Do uzupełnienia przez redakcję: adres, telefon i adres e-mail zespołu odpowiedzialnego za portal.]",
            "en": "[For the editors to complete: the address, telephone and e-mail of the team running the portal.]",
            "uk": "[Має заповнити редакція: адреса, телефон і електронна пошта команди, відповідальної за портал.]",
            "be": "[Мае запоўніць рэдакцыя: адрас, тэлефон і электронная пошта каманды, адказнай за партал.]",
        },
    },
}


@transaction.atomic
def load():
    for slug, content in PAGES.items():
        Page.objects.get_or_create(
            slug=slug,
            defaults={
                **{f"{field}_{lang}": text for field in ("title", "body") for lang, text in content[field].items()},
                **published_now(),
            },
        )
