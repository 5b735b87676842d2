"""The share block's UI strings in every language whose script the cards draw (SPEC 8.4).

Which languages: every language the card fonts name (``assets/fonts/manifest.json``:
Korean, Japanese, Chinese, the Arabic, Hebrew, Armenian, Georgian, Indic,
Sinhala, Thai, Lao, Khmer, Myanmar and Ethiopic scripts' languages) and the
most used languages of the Latin, Greek and Cyrillic scripts Inter draws. No
maintained translation source has these strings (CLDR has no "share"), so
they were written for this project; docs/share.md lists them in one table.
A language of a script's font without strings of its own reads a close
language in the same script (:data:`SHARED`), and the block says which by its
``lang``; any other language gets English, marked ``lang="en"``.
"""

from __future__ import annotations

__all__ = ["DEFAULT_HEADING", "KEYS", "SHARED", "STRINGS", "WRITTEN", "strings_language"]

DEFAULT_HEADING = "Share it on..."

# UI strings by language (BCP 47 primary subtag, or zh-Hant). "share_on" holds
# {name}; every accessible name contains the visible label (WCAG 2.5.3).
STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "heading": DEFAULT_HEADING,
        "share_on": "Share on {name}",
        "email": "Email",
        "email_name": "Share by email",
        "sms": "SMS",
        "sms_name": "Share by SMS",
        "copy": "Copy link",
        "copy_name": "Copy link",
        "copied": "Link copied",
        "copy_failed": "Copy this link: ",
        "webshare": "More",
        "webshare_name": "More ways to share",
        "new_window": "(opens in new window)",
    },
    "ko": {
        "heading": "공유하기",
        "share_on": "{name}에 공유",
        "email": "이메일",
        "email_name": "이메일로 공유",
        "sms": "문자",
        "sms_name": "문자 메시지로 공유",
        "copy": "링크 복사",
        "copy_name": "링크 복사",
        "copied": "링크를 복사했습니다",
        "copy_failed": "이 링크를 복사하세요: ",
        "webshare": "공유",
        "webshare_name": "다른 앱으로 공유",
        "new_window": "(새 창에서 열림)",
    },
    "ja": {
        "heading": "シェアする",
        "share_on": "{name}で共有",
        "email": "メール",
        "email_name": "メールで共有",
        "sms": "SMS",
        "sms_name": "SMSで共有",
        "copy": "リンクをコピー",
        "copy_name": "リンクをコピー",
        "copied": "リンクをコピーしました",
        "copy_failed": "このリンクをコピーしてください: ",
        "webshare": "共有",
        "webshare_name": "ほかのアプリで共有",
        "new_window": "(新しいウィンドウで開きます)",
    },
    "ar": {
        "heading": "شاركه على...",
        "share_on": "المشاركة على {name}",
        "email": "البريد الإلكتروني",
        "email_name": "المشاركة عبر البريد الإلكتروني",
        "sms": "رسالة نصية",
        "sms_name": "المشاركة عبر رسالة نصية",
        "copy": "نسخ الرابط",
        "copy_name": "نسخ الرابط",
        "copied": "تم نسخ الرابط",
        "copy_failed": "انسخ هذا الرابط: ",
        "webshare": "المزيد",
        "webshare_name": "المزيد من طرق المشاركة",
        "new_window": "(يُفتح في نافذة جديدة)",
    },
    "he": {
        "heading": "שתפו ב...",
        "share_on": "שיתוף ב-{name}",
        "email": "דוא״ל",
        "email_name": "שיתוף בדוא״ל",
        "sms": "SMS",
        "sms_name": "שיתוף ב-SMS",
        "copy": "העתקת קישור",
        "copy_name": "העתקת קישור",
        "copied": "הקישור הועתק",
        "copy_failed": "העתיקו את הקישור: ",
        "webshare": "עוד",
        "webshare_name": "עוד דרכים לשתף",
        "new_window": "(נפתח בחלון חדש)",
    },
    "zh": {
        "heading": "分享到…",
        "share_on": "分享到{name}",
        "email": "电子邮件",
        "email_name": "通过电子邮件分享",
        "sms": "短信",
        "sms_name": "通过短信分享",
        "copy": "复制链接",
        "copy_name": "复制链接",
        "copied": "链接已复制",
        "copy_failed": "请复制此链接：",
        "webshare": "更多",
        "webshare_name": "更多分享方式",
        "new_window": "（在新窗口中打开）",
    },
    "zh-Hant": {
        "heading": "分享到…",
        "share_on": "分享到{name}",
        "email": "電子郵件",
        "email_name": "透過電子郵件分享",
        "sms": "簡訊",
        "sms_name": "透過簡訊分享",
        "copy": "複製連結",
        "copy_name": "複製連結",
        "copied": "已複製連結",
        "copy_failed": "請複製此連結：",
        "webshare": "更多",
        "webshare_name": "更多分享方式",
        "new_window": "（在新視窗中開啟）",
    },
}


# The block's strings in this order; WRITTEN holds them "|"-separated, one row a language.
KEYS = (
    "heading",
    "share_on",
    "email",
    "email_name",
    "sms",
    "sms_name",
    "copy",
    "copy_name",
    "copied",
    "copy_failed",
    "webshare",
    "webshare_name",
    "new_window",
)
# Written for this project (SPEC 8.4); not from a translation source, none having them.
WRITTEN: dict[str, str] = {
    "fr": (
        "Partager sur...|Partager sur {name}|E-mail|Partager par e-mail|SMS|"
        "Partager par SMS|Copier le lien|Copier le lien|Lien copié|"
        "Copiez ce lien : |Plus|Plus de moyens de partager|"
        "(s’ouvre dans une nouvelle fenêtre)"
    ),
    "de": (
        "Teilen auf...|Auf {name} teilen|E-Mail|Per E-Mail teilen|SMS|"
        "Per SMS teilen|Link kopieren|Link kopieren|Link kopiert|"
        "Diesen Link kopieren: |Mehr|Mehr Möglichkeiten zum Teilen|"
        "(öffnet in neuem Fenster)"
    ),
    "es": (
        "Compartir en...|Compartir en {name}|Correo|"
        "Compartir por correo electrónico|SMS|Compartir por SMS|"
        "Copiar enlace|Copiar enlace|Enlace copiado|Copia este enlace: |Más|"
        "Más formas de compartir|(se abre en una ventana nueva)"
    ),
    "pt": (
        "Compartilhar em...|Compartilhar em {name}|E-mail|"
        "Compartilhar por e-mail|SMS|Compartilhar por SMS|Copiar link|"
        "Copiar link|Link copiado|Copie este link: |Mais|"
        "Mais formas de compartilhar|(abre em uma nova janela)"
    ),
    "it": (
        "Condividi su...|Condividi su {name}|Email|Condividi via email|SMS|"
        "Condividi via SMS|Copia link|Copia link|Link copiato|"
        "Copia questo link: |Altri modi|Altri modi per condividere|"
        "(si apre in una nuova finestra)"
    ),
    "nl": (
        "Delen via...|Delen via {name}|E-mail|Delen via e-mail|Sms|"
        "Delen via sms|Link kopiëren|Link kopiëren|Link gekopieerd|"
        "Kopieer deze link: |Meer|Meer manieren om te delen|"
        "(opent in nieuw venster)"
    ),
    "pl": (
        "Udostępnij w...|Udostępnij w serwisie {name}|E-mail|"
        "Udostępnij e-mailem|SMS|Udostępnij SMS-em|Kopiuj link|Kopiuj link|"
        "Skopiowano link|Skopiuj ten link: |Więcej|"
        "Więcej sposobów udostępniania|(otwiera się w nowym oknie)"
    ),
    "tr": (
        "Paylaş...|{name} üzerinden paylaş|E-posta|E-posta ile paylaş|SMS|"
        "SMS ile paylaş|Bağlantıyı kopyala|Bağlantıyı kopyala|"
        "Bağlantı kopyalandı|Bu bağlantıyı kopyalayın: |Diğer|"
        "Diğer paylaşım yolları|(yeni pencerede açılır)"
    ),
    "vi": (
        "Chia sẻ lên...|Chia sẻ lên {name}|Email|Chia sẻ qua email|SMS|"
        "Chia sẻ qua SMS|Sao chép liên kết|Sao chép liên kết|"
        "Đã sao chép liên kết|Hãy sao chép liên kết này: |Thêm|"
        "Thêm cách chia sẻ khác|(mở trong cửa sổ mới)"
    ),
    "id": (
        "Bagikan ke...|Bagikan ke {name}|Email|Bagikan lewat email|SMS|"
        "Bagikan lewat SMS|Salin tautan|Salin tautan|Tautan disalin|"
        "Salin tautan ini: |Lainnya|Cara lainnya untuk berbagi|"
        "(terbuka di jendela baru)"
    ),
    "ru": (
        "Поделиться в...|Поделиться в {name}|E-mail|Поделиться по e-mail|SMS|"
        "Поделиться по SMS|Копировать ссылку|Копировать ссылку|"
        "Ссылка скопирована|Скопируйте эту ссылку: |Ещё|"
        "Ещё способы поделиться|(откроется в новом окне)"
    ),
    "uk": (
        "Поділитися в...|Поділитися в {name}|E-mail|Поділитися через e-mail|"
        "SMS|Поділитися через SMS|Копіювати посилання|Копіювати посилання|"
        "Посилання скопійовано|Скопіюйте це посилання: |Ще|"
        "Ще способи поділитися|(відкриється в новому вікні)"
    ),
    "el": (
        "Κοινοποίηση σε...|Κοινοποίηση στο {name}|Email|"
        "Κοινοποίηση μέσω email|SMS|Κοινοποίηση μέσω SMS|Αντιγραφή συνδέσμου|"
        "Αντιγραφή συνδέσμου|Ο σύνδεσμος αντιγράφηκε|"
        "Αντιγράψτε αυτόν τον σύνδεσμο: |Περισσότερα|"
        "Περισσότερα μέσα κοινοποίησης|(ανοίγει σε νέο παράθυρο)"
    ),
    "fa": (
        "اشتراک‌گذاری در...|اشتراک‌گذاری در {name}|ایمیل|"
        "اشتراک‌گذاری با ایمیل|پیامک|اشتراک‌گذاری با پیامک|کپی پیوند|"
        "کپی پیوند|پیوند کپی شد|این پیوند را کپی کنید: |بیشتر|"
        "راه‌های بیشتر برای اشتراک‌گذاری|(در پنجره‌ای تازه باز می‌شود)"
    ),
    "ur": (
        "شیئر کریں...|{name} پر شیئر کریں|ای میل|ای میل کے ذریعے شیئر کریں|"
        "ایس ایم ایس|ایس ایم ایس کے ذریعے شیئر کریں|لنک کاپی کریں|"
        "لنک کاپی کریں|لنک کاپی ہو گیا|یہ لنک کاپی کریں: |مزید|"
        "شیئر کرنے کے مزید طریقے|(نئی ونڈو میں کھلتا ہے)"
    ),
    "yi": (
        "טיילן אויף...|טיילן אויף {name}|אימעיל|טיילן דורך אימעיל|SMS|"
        "טיילן דורך SMS|קאָפּירן דעם לינק|קאָפּירן דעם לינק|"
        "דער לינק איז קאָפּירט|קאָפּירט דעם לינק: |מער|מער וועגן צו טיילן|"
        "(עפֿנט זיך אין אַ נײַ פֿענצטער)"
    ),
    "hy": (
        "Կիսվել...|Կիսվել {name}-ում|Էլ. փոստ|Կիսվել էլ. փոստով|SMS|"
        "Կիսվել SMS-ով|Պատճենել հղումը|Պատճենել հղումը|Հղումը պատճենված է|"
        "Պատճենեք այս հղումը. |Այլ|Այլ եղանակներով կիսվել|"
        "(բացվում է նոր պատուհանում)"
    ),
    "ka": (
        "გაზიარება...|გაზიარება: {name}|ელფოსტით|ელფოსტით გაზიარება|SMS|"
        "SMS-ით გაზიარება|ბმულის კოპირება|ბმულის კოპირება|ბმული დაკოპირდა|"
        "დააკოპირეთ ეს ბმული: |მეტი|გაზიარების მეტი გზა|"
        "(იხსნება ახალ ფანჯარაში)"
    ),
    "hi": (
        "शेयर करें...|{name} पर शेयर करें|ईमेल|ईमेल से शेयर करें|SMS|"
        "SMS से शेयर करें|लिंक कॉपी करें|लिंक कॉपी करें|लिंक कॉपी हो गया|"
        "यह लिंक कॉपी करें: |और|शेयर करने के और तरीके|(नई विंडो में खुलता है)"
    ),
    "mr": (
        "शेअर करा...|{name} वर शेअर करा|ईमेल|ईमेलने शेअर करा|SMS|"
        "SMS ने शेअर करा|लिंक कॉपी करा|लिंक कॉपी करा|लिंक कॉपी झाली|"
        "ही लिंक कॉपी करा: |आणखी|शेअर करण्याचे आणखी मार्ग|"
        "(नवीन विंडोमध्ये उघडते)"
    ),
    "ne": (
        "सेयर गर्नुहोस्...|{name} मा सेयर गर्नुहोस्|इमेल|"
        "इमेलबाट सेयर गर्नुहोस्|SMS|SMS बाट सेयर गर्नुहोस्|"
        "लिङ्क कपी गर्नुहोस्|लिङ्क कपी गर्नुहोस्|लिङ्क कपी भयो|"
        "यो लिङ्क कपी गर्नुहोस्: |थप|सेयर गर्ने थप तरिकाहरू|"
        "(नयाँ विन्डोमा खुल्छ)"
    ),
    "bn": (
        "শেয়ার করুন...|{name}-এ শেয়ার করুন|ইমেল|ইমেলে শেয়ার করুন|SMS|"
        "SMS-এ শেয়ার করুন|লিংক কপি করুন|লিংক কপি করুন|লিংক কপি হয়েছে|"
        "এই লিংকটি কপি করুন: |আরও|শেয়ার করার আরও উপায়|(নতুন উইন্ডোতে খোলে)"
    ),
    "as": (
        "শ্বেয়াৰ কৰক...|{name}ত শ্বেয়াৰ কৰক|ইমেইল|ইমেইলেৰে শ্বেয়াৰ কৰক|"
        "SMS|SMS ৰে শ্বেয়াৰ কৰক|লিংক কপি কৰক|লিংক কপি কৰক|লিংক কপি কৰা হ'ল|"
        "এই লিংকটো কপি কৰক: |অধিক|শ্বেয়াৰ কৰাৰ অধিক উপায়|"
        "(নতুন ৱিণ্ড'ত খোল খায়)"
    ),
    "pa": (
        "ਸਾਂਝਾ ਕਰੋ...|{name} 'ਤੇ ਸਾਂਝਾ ਕਰੋ|ਈਮੇਲ|ਈਮੇਲ ਰਾਹੀਂ ਸਾਂਝਾ ਕਰੋ|SMS|"
        "SMS ਰਾਹੀਂ ਸਾਂਝਾ ਕਰੋ|ਲਿੰਕ ਕਾਪੀ ਕਰੋ|ਲਿੰਕ ਕਾਪੀ ਕਰੋ|ਲਿੰਕ ਕਾਪੀ ਹੋ ਗਿਆ|"
        "ਇਹ ਲਿੰਕ ਕਾਪੀ ਕਰੋ: |ਹੋਰ|ਸਾਂਝਾ ਕਰਨ ਦੇ ਹੋਰ ਤਰੀਕੇ|"
        "(ਨਵੀਂ ਵਿੰਡੋ ਵਿੱਚ ਖੁੱਲ੍ਹਦਾ ਹੈ)"
    ),
    "gu": (
        "શેર કરો...|{name} પર શેર કરો|ઇમેઇલ|ઇમેઇલ દ્વારા શેર કરો|SMS|"
        "SMS દ્વારા શેર કરો|લિંક કૉપિ કરો|લિંક કૉપિ કરો|લિંક કૉપિ થઈ|"
        "આ લિંક કૉપિ કરો: |વધુ|શેર કરવાની વધુ રીતો|(નવી વિન્ડોમાં ખૂલે છે)"
    ),
    "or": (
        "ସେୟାର କରନ୍ତୁ...|{name} ରେ ସେୟାର କରନ୍ତୁ|ଇମେଲ|"
        "ଇମେଲ ମାଧ୍ୟମରେ ସେୟାର କରନ୍ତୁ|SMS|SMS ମାଧ୍ୟମରେ ସେୟାର କରନ୍ତୁ|"
        "ଲିଙ୍କ କପି କରନ୍ତୁ|ଲିଙ୍କ କପି କରନ୍ତୁ|ଲିଙ୍କ କପି ହେଲା|"
        "ଏହି ଲିଙ୍କ କପି କରନ୍ତୁ: |ଅଧିକ|ସେୟାର କରିବାର ଅଧିକ ଉପାୟ|"
        "(ନୂଆ ୱିଣ୍ଡୋରେ ଖୋଲେ)"
    ),
    "ta": (
        "பகிர்...|{name} இல் பகிர்|மின்னஞ்சல்|மின்னஞ்சல் மூலம் பகிர்|SMS|"
        "SMS மூலம் பகிர்|இணைப்பை நகலெடு|இணைப்பை நகலெடு|"
        "இணைப்பு நகலெடுக்கப்பட்டது|இந்த இணைப்பை நகலெடுக்கவும்: |மேலும்|"
        "பகிர மேலும் வழிகள்|(புதிய சாளரத்தில் திறக்கும்)"
    ),
    "te": (
        "షేర్ చేయండి...|{name}లో షేర్ చేయండి|ఈమెయిల్|"
        "ఈమెయిల్ ద్వారా షేర్ చేయండి|SMS|SMS ద్వారా షేర్ చేయండి|"
        "లింక్ కాపీ చేయండి|లింక్ కాపీ చేయండి|లింక్ కాపీ అయింది|"
        "ఈ లింక్‌ను కాపీ చేయండి: |మరిన్ని|షేర్ చేయడానికి మరిన్ని మార్గాలు|"
        "(కొత్త విండోలో తెరుచుకుంటుంది)"
    ),
    "kn": (
        "ಹಂಚಿಕೊಳ್ಳಿ...|{name} ನಲ್ಲಿ ಹಂಚಿಕೊಳ್ಳಿ|ಇಮೇಲ್|ಇಮೇಲ್ ಮೂಲಕ ಹಂಚಿಕೊಳ್ಳಿ|"
        "SMS|SMS ಮೂಲಕ ಹಂಚಿಕೊಳ್ಳಿ|ಲಿಂಕ್ ನಕಲಿಸಿ|ಲಿಂಕ್ ನಕಲಿಸಿ|ಲಿಂಕ್ ನಕಲಿಸಲಾಗಿದೆ|"
        "ಈ ಲಿಂಕ್ ನಕಲಿಸಿ: |ಇನ್ನಷ್ಟು|ಹಂಚಿಕೊಳ್ಳಲು ಇನ್ನಷ್ಟು ಮಾರ್ಗಗಳು|"
        "(ಹೊಸ ವಿಂಡೋದಲ್ಲಿ ತೆರೆಯುತ್ತದೆ)"
    ),
    "ml": (
        "പങ്കിടുക...|{name}-ൽ പങ്കിടുക|ഇമെയിൽ|ഇമെയിൽ വഴി പങ്കിടുക|SMS|"
        "SMS വഴി പങ്കിടുക|ലിങ്ക് പകർത്തുക|ലിങ്ക് പകർത്തുക|ലിങ്ക് പകർത്തി|"
        "ഈ ലിങ്ക് പകർത്തുക: |കൂടുതൽ|പങ്കിടാൻ കൂടുതൽ വഴികൾ|"
        "(പുതിയ വിൻഡോയിൽ തുറക്കും)"
    ),
    "si": (
        "බෙදාගන්න...|{name} හි බෙදාගන්න|ඊමේල්|ඊමේල් හරහා බෙදාගන්න|SMS|"
        "SMS හරහා බෙදාගන්න|සබැඳිය පිටපත් කරන්න|සබැඳිය පිටපත් කරන්න|"
        "සබැඳිය පිටපත් කළා|මෙම සබැඳිය පිටපත් කරන්න: |තවත්|"
        "බෙදාගැනීමට තවත් ක්‍රම|(නව කවුළුවක විවෘත වේ)"
    ),
    "th": (
        "แชร์ไปที่...|แชร์ไปที่ {name}|อีเมล|แชร์ทางอีเมล|SMS|แชร์ทาง SMS|"
        "คัดลอกลิงก์|คัดลอกลิงก์|คัดลอกลิงก์แล้ว|คัดลอกลิงก์นี้: |เพิ่มเติม|"
        "วิธีแชร์เพิ่มเติม|(เปิดในหน้าต่างใหม่)"
    ),
    "lo": (
        "ແບ່ງປັນ...|ແບ່ງປັນໃສ່ {name}|ອີເມວ|ແບ່ງປັນທາງອີເມວ|SMS|"
        "ແບ່ງປັນທາງ SMS|ສຳເນົາລິ້ງ|ສຳເນົາລິ້ງ|ສຳເນົາລິ້ງແລ້ວ|ສຳເນົາລິ້ງນີ້: |"
        "ເພີ່ມເຕີມ|ວິທີແບ່ງປັນເພີ່ມເຕີມ|(ເປີດໃນໜ້າຕ່າງໃໝ່)"
    ),
    "km": (
        "ចែករំលែក...|ចែករំលែកលើ {name}|អ៊ីមែល|ចែករំលែកតាមអ៊ីមែល|SMS|"
        "ចែករំលែកតាម SMS|ចម្លងតំណ|ចម្លងតំណ|បានចម្លងតំណ|សូមចម្លងតំណនេះ៖ |"
        "ច្រើនទៀត|វិធីចែករំលែកច្រើនទៀត|(បើកក្នុងផ្ទាំងថ្មី)"
    ),
    "my": (
        "မျှဝေရန်...|{name} တွင် မျှဝေရန်|အီးမေးလ်|အီးမေးလ်ဖြင့် မျှဝေရန်|"
        "SMS|SMS ဖြင့် မျှဝေရန်|လင့်ခ်ကို ကူးယူရန်|လင့်ခ်ကို ကူးယူရန်|"
        "လင့်ခ်ကို ကူးယူပြီးပါပြီ|ဤလင့်ခ်ကို ကူးယူပါ - |နောက်ထပ်|"
        "နောက်ထပ် မျှဝေနည်းများ|(ဝင်းဒိုးအသစ်တွင် ဖွင့်မည်)"
    ),
    "am": (
        "አጋራ...|በ{name} ላይ አጋራ|ኢሜይል|በኢሜይል አጋራ|SMS|በSMS አጋራ|ሊንኩን ቅዳ|ሊንኩን ቅዳ|"
        "ሊንኩ ተቀድቷል|ይህን ሊንክ ይቅዱ: |ተጨማሪ|ተጨማሪ የማጋሪያ መንገዶች|(በአዲስ መስኮት ይከፈታል)"
    ),
    "ti": (
        "ኣካፍል...|ኣብ {name} ኣካፍል|ኢመይል|ብኢመይል ኣካፍል|SMS|ብSMS ኣካፍል|ሊንክ ቅዳሕ|"
        "ሊንክ ቅዳሕ|ሊንክ ተቐዲሑ|ነዚ ሊንክ ቅዳሕ: |ተወሳኺ|ተወሳኺ መንገድታት ምክፋል|"
        "(ኣብ ሓድሽ መስኮት ይኽፈት)"
    ),
}
STRINGS.update(
    {lang: dict(zip(KEYS, row.split("|"), strict=True)) for lang, row in WRITTEN.items()}
)
# Languages the card fonts name that read a close language of the same script here
# (the block is marked with that language): Maithili, Bhojpuri and Sanskrit read Hindi,
# Konkani (Devanagari) Marathi, Meitei (Bengali script) Bengali. Oromo, in the
# Ethiopic font's list, is written in Latin letters today: it is no special case.
SHARED = {"mai": "hi", "bho": "hi", "sa": "hi", "kok": "mr", "mni": "bn"}


def strings_language(lang: str) -> str:
    """The key of :data:`STRINGS` for a BCP 47 tag; ``en`` when the language has none."""
    parts = lang.replace("_", "-").split("-")
    primary = parts[0].lower()
    if primary == "zh" and any(p.lower() in {"hant", "tw", "hk", "mo"} for p in parts[1:]):
        return "zh-Hant"
    primary = SHARED.get(primary, primary)
    return primary if primary in STRINGS else "en"
