"""The preview page's style sheet: one constant, no record text ever reaches it.

Platform colours and type sizes follow each app's web client; ``.pv-text``
wraps anywhere so that no string (a long URL, a word in a script without
spaces) can widen its box; ``.pv-clamp`` plus a platform class's
``-webkit-line-clamp`` cuts text to that platform's number of lines.
"""

from __future__ import annotations

__all__ = ["CSS", "FONTS"]

FONTS = (
    'system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",CJK"Noto Sans Arabic",'
    '"Noto Sans Hebrew","Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji",sans-serif'
)
# Han characters take the record language's forms (Japanese, Korean, Simplified or
# Traditional Chinese): the page names that language's CJK face before the others.
CJK_FONTS = {
    "": "",
    "ko": '"Apple SD Gothic Neo","Malgun Gothic","Noto Sans CJK KR",',
    "ja": '"Hiragino Sans","Yu Gothic","Noto Sans CJK JP",',
    "zh": '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",',
    "zh-Hant": '"PingFang TC","Microsoft JhengHei","Noto Sans CJK TC",',
}

CSS = (
    """\
*,*::before,*::after{box-sizing:border-box}
html{background:#f6f7f9;color:#1b1f24;font-family:FONTS;line-height:1.45;
-webkit-text-size-adjust:100%}
body{margin:0}
p,h1,h2,h3,figure,ul{margin:0}
ul{padding:0;list-style:none}
.pv-wrap{max-width:1240px;margin:0 auto;padding:0 28px 56px}
.pv-text{overflow-wrap:anywhere;word-break:normal}
[lang|=ko] .pv-text,.pv-text[lang|=ko]{word-break:keep-all}
.pv-clamp{display:-webkit-box;-webkit-box-orient:vertical;overflow:hidden}
.pv-header{background:#0f172a;color:#e5e9f0;padding:28px 0 30px;margin-bottom:28px}
.pv-header .pv-wrap{padding-bottom:0}
.pv-eyebrow{font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:#8b98ad;
font-weight:600}
.pv-header h1{margin-top:8px;font-size:30px;line-height:1.2;font-weight:700;color:#fff;
}
.pv-url{margin-top:10px;font-size:14px}
.pv-url a{color:#9cc2ff;text-decoration:none;font-family:ui-monospace,"DejaVu Sans Mono",
monospace}
.pv-url a:hover{text-decoration:underline}
.pv-facts{display:flex;flex-wrap:wrap;gap:8px;margin-top:16px}
.pv-facts li{font-size:12.5px;padding:4px 10px;border-radius:999px;background:#1e293b;
color:#cbd5e1;border:1px solid #334155;overflow-wrap:anywhere}
.pv-facts b{color:#fff;font-weight:600}
.pv-facts .pv-status{font-weight:700;border:0}
.pv-status--ok{background:#16a34a!important;color:#fff!important}
.pv-status--warning{background:#f59e0b!important;color:#1f1300!important}
.pv-status--error{background:#dc2626!important;color:#fff!important}
.pv-section{margin-top:36px}
.pv-section>h2{font-size:13px;letter-spacing:.08em;text-transform:uppercase;color:#5b6573;
font-weight:700;margin-bottom:14px}
.pv-section>h2 small{font-size:13px;letter-spacing:0;text-transform:none;font-weight:500;
color:#8a94a3;margin-inline-start:8px}
.pv-top{display:grid;grid-template-columns:minmax(0,1.25fr) minmax(0,1fr);gap:24px}
.pv-panel{background:#fff;border:1px solid #e3e6ea;border-radius:14px;padding:18px;
box-shadow:0 1px 2px rgba(16,24,40,.04)}
.pv-cardfig img{display:block;width:100%;height:auto;border-radius:8px;
border:1px solid #e3e6ea}
.pv-cardfig figcaption{margin-top:10px;font-size:13px;color:#5b6573}
.pv-cardfig figcaption .pv-alt{display:block;margin-top:4px;color:#1b1f24}
.pv-stack{display:flex;flex-direction:column;gap:24px;min-width:0}
.pv-head{width:100%;border-collapse:collapse;font-size:13px;table-layout:fixed}
.pv-head th{width:38%;text-align:start;font-weight:600;color:#5b6573;padding:6px 10px 6px 0;
vertical-align:top;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;
overflow-wrap:anywhere}
.pv-head td{padding:6px 0;border-top:1px solid #eef0f3;vertical-align:top}
.pv-head th{border-top:1px solid #eef0f3}
.pv-head tr:first-child>*{border-top:0}
.pv-count{display:inline-block;font-size:11px;color:#6a7483;background:#f2f4f7;
border-radius:999px;padding:0 6px;margin-inline-start:4px}
.pv-lint-summary{font-size:14px;font-weight:600;margin-bottom:10px}
.pv-finding{display:flex;gap:10px;align-items:flex-start;padding:9px 0;
border-top:1px solid #eef0f3;font-size:13.5px}
.pv-finding:first-child{border-top:0}
.pv-badge{flex:none;font-size:11px;font-weight:700;letter-spacing:.04em;
text-transform:uppercase;padding:2px 8px;border-radius:999px;margin-top:1px}
.pv-finding--error .pv-badge{background:#fde7e9;color:#b4232c;border:1px solid #f7c3c8}
.pv-finding--warning .pv-badge{background:#fff4e0;color:#915b00;border:1px solid #f5d9a4}
.pv-finding code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;
color:#3d4652;background:#f2f4f7;border-radius:4px;padding:1px 5px}
.pv-finding p{margin-top:3px;color:#3d4652}
.pv-ok{display:flex;gap:10px;align-items:center;font-size:14px;color:#1d6b3a}
.pv-ok .pv-badge{background:#e3f6ea;color:#1d6b3a;border:1px solid #b9e5c8}
.pv-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,540px),1fr));
gap:24px}
.pv-mock{background:#fff;border:1px solid #e3e6ea;border-radius:14px;overflow:hidden;
display:flex;flex-direction:column;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.pv-mock__label{display:flex;align-items:baseline;gap:10px;padding:12px 16px;
border-bottom:1px solid #eef0f3}
.pv-mock__label h3{font-size:15px;font-weight:700;display:flex;align-items:center;gap:8px}
.pv-dot{width:10px;height:10px;border-radius:50%;flex:none;
box-shadow:inset 0 0 0 1px rgba(0,0,0,.12)}
.pv-mock__spec{font-size:12.5px;color:#6a7483;margin-inline-start:auto;text-align:end}
.pv-stage{flex:1;padding:22px;display:flex;justify-content:center;align-items:flex-start}
.pv-surface{width:100%}
.pv-avatar{flex:none;width:40px;height:40px;border-radius:50%;display:grid;
place-items:center;color:#fff;font-weight:700;font-size:17px;background:ACCENT}
.pv-name{font-weight:600;font-size:15px;overflow-wrap:anywhere}
.pv-sub{font-size:13px;color:#65676b}
.pv-posthead{display:flex;gap:10px;align-items:center;padding:12px 16px}
.pv-img{display:block;height:auto;max-width:100%}
/* Facebook */
.pv-stage--facebook{background:#f0f2f5}
.pv-fb{max-width:500px;background:#fff;border-radius:8px;
box-shadow:0 1px 2px rgba(0,0,0,.2);color:#050505}
.pv-fb__link{border-top:1px solid #dadde1}
.pv-fb__img{width:100%;aspect-ratio:1.91/1;object-fit:cover}
.pv-fb__body{background:#f0f2f5;padding:10px 16px 12px;border-radius:0 0 8px 8px}
.pv-fb__domain{font-size:13px;color:#65676b;text-transform:uppercase;line-height:1.3}
.pv-fb__title{font-size:17px;font-weight:600;line-height:1.25;margin-top:3px;
-webkit-line-clamp:2}
.pv-fb__desc{font-size:15px;color:#65676b;line-height:1.35;margin-top:3px;-webkit-line-clamp:1}
.pv-fb__link--small{display:flex;background:#f0f2f5;border-radius:0 0 8px 8px}
.pv-fb__link--small .pv-fb__img{width:140px;aspect-ratio:1/1;flex:none}
.pv-fb__link--small .pv-fb__body{flex:1;min-width:0;align-self:center}
/* X */
.pv-stage--x{background:#fff}
.pv-x{max-width:520px;color:#0f1419;font-size:15px}
.pv-x .pv-posthead{padding:0 0 8px}
.pv-x .pv-avatar{background:#0f1419}
.pv-x__handle{color:#536471;font-size:15px}
.pv-x__body{padding-inline-start:50px}
.pv-x__card{border:1px solid #cfd9de;border-radius:16px;overflow:hidden}
.pv-x__media{position:relative}
.pv-video{position:relative;display:block}
.pv-play{position:absolute;left:50%;top:50%;transform:translate(-50%,-50%);width:64px;
height:64px;border-radius:50%;background:rgba(0,0,0,.6);color:#fff;font-size:28px;
line-height:64px;text-align:center}
.pv-x__media .pv-img{width:100%;aspect-ratio:2/1;object-fit:cover}
.pv-x__overlay{position:absolute;inset-inline-start:12px;bottom:12px;max-width:calc(100% - 24px);
background:rgba(0,0,0,.77);color:#fff;font-size:13px;line-height:1.3;padding:2px 6px;
border-radius:4px;-webkit-line-clamp:1}
.pv-x__from{font-size:13px;color:#536471;margin-top:4px}
.pv-x__card--summary{display:flex}
.pv-x__card--summary .pv-img,.pv-x__thumb{width:130px;height:130px;object-fit:cover;flex:none;
border-inline-end:1px solid #cfd9de;background:#f7f9f9}
.pv-x__thumb{display:grid;place-items:center}
.pv-noimage{aspect-ratio:1.91/1;border:2px dashed #cfd5dd;border-radius:8px;display:flex;
flex-direction:column;justify-content:center;align-items:center;gap:6px;padding:24px;
text-align:center;color:#5b6573;font-size:14px;background:#fafbfc}
.pv-noimage b{color:#1b1f24;font-size:16px}
.pv-x__summary{padding:12px;min-width:0;align-self:center;font-size:15px}
.pv-x__domain{color:#536471}
.pv-x__title{-webkit-line-clamp:1}
.pv-x__desc{color:#536471;-webkit-line-clamp:2}
/* LinkedIn */
.pv-stage--linkedin{background:#f4f2ee}
.pv-li{max-width:555px;background:#fff;border-radius:8px;
box-shadow:0 0 0 1px rgba(140,140,140,.2);color:rgba(0,0,0,.9)}
.pv-li .pv-avatar{border-radius:4px;background:#0a66c2}
.pv-li__link{display:flex;gap:12px;align-items:center;margin:4px 16px 16px;padding:8px;
border:1px solid #e8e8e8;border-radius:8px;background:#fff}
.pv-li__img{width:136px;aspect-ratio:1.91/1;object-fit:cover;border-radius:4px;flex:none}
.pv-li__text{min-width:0}
.pv-li__title{font-size:14px;font-weight:600;line-height:1.35;-webkit-line-clamp:2}
.pv-li__domain{font-size:12px;color:rgba(0,0,0,.6);margin-top:2px}
/* Slack */
.pv-stage--slack{background:#fff}
.pv-slack{max-width:620px;display:flex;gap:8px;color:#1d1c1d;font-size:15px}
.pv-slack .pv-avatar{border-radius:6px;width:36px;height:36px;background:#e01e5a;font-size:15px}
.pv-slack__main{min-width:0;flex:1}
.pv-slack__time{font-size:12px;color:#616061;margin-inline-start:6px}
.pv-slack__url{color:#1264a3}
.pv-slack__att{display:flex;gap:12px;margin-top:6px;border-inline-start:4px solid #ddd;
padding-inline-start:12px}
.pv-slack__att>div{min-width:0;flex:1}
.pv-slack__site{font-weight:700;font-size:14px}
.pv-slack__title{font-weight:700;color:#1264a3;margin-top:1px}
.pv-slack__desc{margin-top:1px}
.pv-slack__img{margin-top:8px;max-width:min(360px,100%);height:auto;border-radius:8px}
.pv-slack__thumb{width:75px;height:75px;object-fit:cover;border-radius:6px;flex:none}
/* Discord */
.pv-stage--discord{background:#313338}
.pv-dc{max-width:560px;display:flex;gap:14px;color:#dbdee1;font-size:15px}
.pv-dc .pv-avatar{background:#5865f2}
.pv-dc__main{min-width:0;flex:1}
.pv-dc__user{color:#f2f3f5;font-weight:500}
.pv-dc__time{font-size:12px;color:#949ba4;margin-inline-start:6px}
.pv-dc__url{color:#00a8fc}
.pv-dc__embed{display:flex;gap:16px;max-width:432px;margin-top:6px;background:#2b2d31;
border-inline-start:4px solid #1e1f22;border-radius:4px;padding:8px 16px 16px 12px}
.pv-dc__embed>div{min-width:0;flex:1}
.pv-dc__site{font-size:12px;margin-top:8px}
.pv-dc__title{color:#00a8fc;font-weight:600;font-size:16px;margin-top:8px}
.pv-dc__desc{font-size:14px;margin-top:8px}
.pv-dc__img{margin-top:16px;max-width:min(400px,100%);height:auto;border-radius:4px}
.pv-dc__thumb{width:80px;height:80px;object-fit:contain;border-radius:4px;margin-top:8px;
flex:none}
/* KakaoTalk */
.pv-stage--kakaotalk{background:#b2c7da}
.pv-kk{width:100%;max-width:360px;display:flex;gap:8px;color:#191919;font-size:14px}
.pv-kk .pv-avatar{width:38px;height:38px;border-radius:15px;background:#8ea8c0}
.pv-kk__main{min-width:0;flex:1}
.pv-kk__name{font-size:12.5px;color:#3c4a57;margin-bottom:4px}
.pv-stage--kakaotalk{justify-content:flex-start}
.pv-kk__url{display:block;width:fit-content;max-width:250px;background:#fff;border-radius:12px;
padding:8px 11px;margin-bottom:5px;color:#191919;font-size:13.5px}
.pv-kk__row{display:flex;align-items:flex-end;gap:6px}
.pv-kk__bubble{flex:0 1 250px;min-width:0;background:#fff;border-radius:12px;overflow:hidden}
.pv-kk__img{width:100%;object-fit:cover}
.pv-kk__body{padding:10px 12px 11px}
.pv-kk__title{font-weight:700;font-size:14px;line-height:1.35;-webkit-line-clamp:2}
.pv-kk__desc{color:#666;font-size:13px;line-height:1.35;margin-top:3px;-webkit-line-clamp:2}
.pv-kk__domain{color:#999;font-size:12px;margin-top:6px}
.pv-kk__time{font-size:10.5px;color:#556677;flex:none}
/* Share block and footer */
.pv-share{background:#fff;border:1px solid #e3e6ea;border-radius:14px;padding:4px 20px}
.pv-footer{margin-top:40px;font-size:12.5px;color:#7a8493;text-align:center}
.pv-note{margin:0 0 10px;font-size:13.5px;color:#5b6470}
@media (max-width:900px){.pv-top{grid-template-columns:minmax(0,1fr)}}
@media (max-width:560px){.pv-wrap{padding:0 14px 40px}.pv-stage{padding:14px}
.pv-header h1{font-size:24px}.pv-x__body{padding-inline-start:0}
.pv-mock__label{flex-direction:column;align-items:flex-start;gap:2px}
.pv-mock__spec{margin-inline-start:0;text-align:start}}
""".replace("FONTS", FONTS.replace("CJK", "")).replace("ACCENT", "#0b1f3a")
    + "".join(
        f"{selector}{{font-family:{FONTS.replace('CJK', CJK_FONTS[key])}}}\n"
        for key, selector in (
            ("ko", ":lang(ko)"),
            ("ja", ":lang(ja)"),
            ("zh", ":lang(zh)"),
            ("zh-Hant", ":lang(zh-Hant),:lang(zh-TW),:lang(zh-HK),:lang(zh-MO)"),
        )
    )
)
