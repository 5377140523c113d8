#!/usr/bin/env python3
"""Writes the encoded HTML fixtures of this directory.

The pages are written here in UTF-8 and saved in the encoding each test
needs (windows-1251, KOI8-R, UTF-8 with BOM). Run from this directory:
python3 make_fixtures.py. All text is original, written for these tests.
"""

RU_PARAS = [
    "Власти Вологды объявили о запуске нового маршрута речного трамвая, который свяжет центр города с микрорайоном Лоста. Первые рейсы начнутся в середине июня и будут выполняться каждый час с семи утра до девяти вечера.",
    "По словам начальника городского управления транспорта Павла Смирнова, на линию выйдут два судна вместимостью по сорок пассажиров. Стоимость проезда будет такой же, как в автобусе, а школьники смогут ездить бесплатно.",
    "Жители прибрежных кварталов давно просили вернуть речное сообщение, которое прекратилось в девяностых годах. Старые причалы уже отремонтировали, а у здания речного вокзала построили новый навес для ожидающих пассажиров.",
]
UK_PARAS = [
    "У Вінниці завершили реконструкцію спортивного комплексу біля озера. Тепер тут є критий басейн, зала для гімнастики та бігові доріжки, якими зможуть безкоштовно користуватися всі мешканці міста.",
    "Директорка комплексу Олена Ткачук розповіла, що заняття для дітей почнуться вже з першого вересня. Записатися до секцій можна через міський портал або безпосередньо на рецепції спорткомплексу.",
    "Реконструкція тривала два роки й коштувала понад сто мільйонів гривень. Частину коштів надали європейські партнери міста, а решту виділили з місцевого бюджету.",
]

def page(lang, title, h1, paras, head="", boiler=True, extra_body=""):
    ps = "\n".join(f"<p>{p}</p>" for p in paras)
    banner = ""
    related = ""
    if boiler and lang == "ru":
        banner = '<div class="cookie-notice"><p>Мы используем файлы cookie, чтобы сайт работал лучше.</p><button>Принять</button></div>\n<div class="old-browser"><p>Ваш браузер устарел. Пожалуйста, обновите браузер.</p></div>'
        related = '<div class="related"><h3>Читайте также</h3><ul><li><a href="/a">В Вологде открыли новый мост</a></li><li><a href="/b">Городской парк закроют на ремонт</a></li></ul></div>'
    if boiler and lang == "uk":
        banner = '<div id="cookie-bar"><p>Ми використовуємо файли cookie.</p><a href="#">Прийняти</a></div>\n<div class="browser-update"><p>Ваш браузер застарів. Будь ласка, оновіть його.</p></div>'
        related = '<section class="more"><h3>Читайте також</h3><ul><li><a href="/a">У Вінниці відкрили новий сквер</a></li><li><a href="/b">Тролейбуси змінять маршрут</a></li></ul></section>'
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>{head}
<title>{title}</title>
</head>
<body>
{banner}
<article>
<h1>{h1}</h1>
{ps}
</article>
{related}
{extra_body}
<footer><p>© 2022 Все права защищены.</p></footer>
</body>
</html>
"""

fixtures = {
    # windows-1251, charset only in the HTTP header (see the test table); JSON-LD date.
    "ru-1251-header.html": ("cp1251", page("ru", "Речной трамвай вернётся в Вологду — Вологодский курьер",
        "Речной трамвай вернётся в Вологду", RU_PARAS,
        head='\n<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Речной трамвай вернётся в Вологду","datePublished":"2021-05-14T09:30:00+03:00","author":{"@type":"Person","name":"Ольга Белова"}}</script>')),
    # windows-1251 declared only in <meta>; date from <time datetime>.
    "ru-1251-meta.html": ("cp1251", page("ru", "Речной трамвай вернётся в Вологду",
        "Речной трамвай вернётся в Вологду", RU_PARAS,
        head='\n<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        extra_body='<p class="byline">Опубликовано <time datetime="2021-05-15">15 мая 2021</time></p>')),
    # KOI8-R declared only in <meta charset>; date in article:published_time.
    "ru-koi8-meta.html": ("koi8_r", page("ru", "Речной трамвай вернётся в Вологду",
        "Речной трамвай вернётся в Вологду", RU_PARAS,
        head='\n<meta charset="koi8-r">\n<meta property="article:published_time" content="2021-05-16T08:00:00Z">')),
    # KOI8-R, nothing declared: detection must find it. Date only in the URL.
    "ru-koi8-undeclared.html": ("koi8_r", page("ru", "Речной трамвай вернётся в Вологду",
        "Речной трамвай вернётся в Вологду", RU_PARAS)),
    # windows-1251, nothing declared, Ukrainian text with a wrong lang="ru" hint.
    "uk-1251-undeclared.html": ("cp1251", page("ru", "У Вінниці відкрили оновлений спорткомплекс",
        "У Вінниці відкрили оновлений спорткомплекс", UK_PARAS)),
    # UTF-8 with BOM and a header that claims windows-1251: the BOM wins.
    "uk-utf8-bom.html": ("utf-8-sig", page("uk", "У Вінниці відкрили оновлений спорткомплекс | Вінницькі новини",
        "У Вінниці відкрили оновлений спорткомплекс", UK_PARAS,
        head='\n<meta property="og:site_name" content="Вінницькі новини">\n<link rel="canonical" href="/sport/2020/09/01/kompleks">')),
}

for name, (enc, text) in fixtures.items():
    with open(name, "wb") as f:
        f.write(text.encode(enc))
