#include "rules/PythonRegex.h"

#include "base/Error.h"

#include <QHash>
#include <QList>

namespace squall::rules {

namespace {

// Python's str.isspace() set (what `\s` matches in a str pattern). PCRE2's
// Unicode \s differs: it lacks U+001C..U+001F and has U+180E.
constexpr auto kSpaceItems = u"\\t-\\r\\x1c-\\x20\\x85\\xa0\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}"
                             u"\\x{202f}\\x{205f}\\x{3000}";
// Python's \w in a str pattern: str.isalnum() or '_' (letters and numbers,
// not combining marks, which newer PCRE2 releases add to their \w).
constexpr auto kWordItems = u"\\p{L}\\p{N}_";
constexpr auto kAsciiWordItems = u"A-Za-z0-9_";
constexpr auto kAsciiSpaceItems = u"\\t-\\r ";

bool isOctal(QChar c) { return c >= u'0' && c <= u'7'; }
bool isDigit(QChar c) { return c >= u'0' && c <= u'9'; }
bool isAsciiLetter(QChar c) { return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'); }

int hexValue(QChar c)
{
    if (c >= u'0' && c <= u'9')
        return c.unicode() - u'0';
    if (c >= u'a' && c <= u'f')
        return c.unicode() - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c.unicode() - u'A' + 10;
    return -1;
}

QString codePoint(uint cp)
{
    return QStringLiteral("\\x{%1}").arg(cp, 0, 16);
}

bool isIdentifier(const QString &name)
{
    if (name.isEmpty() || !(name.front().isLetter() || name.front() == u'_'))
        return false;
    for (QChar c : name) {
        if (!(c.isLetterOrNumber() || c == u'_'))
            return false;
    }
    return true;
}

struct GlobalFlags
{
    bool ignoreCase = false, multiline = false, dotAll = false, verbose = false, ascii = false, unicode = false;
};

class Translator
{
public:
    explicit Translator(const QString &pattern) : p(pattern), n(pattern.size()) { }

    QString run(PythonRegexFlags flags, QRegularExpression::PatternOptions *options)
    {
        scanGlobalFlags();
        if (g.ascii && g.unicode)
            fail(QStringLiteral("bad inline flags: flags 'a', 'u' and 'L' are incompatible"), 0);
        scopes.append({g.ascii, g.verbose, false});
        out.reserve(n + 16);
        parseSequence();
        if (i < n)  // a ')' with no group open
            fail(QStringLiteral("unbalanced parenthesis"), i);

        QRegularExpression::PatternOptions o;
        if (flags.ignoreCase || g.ignoreCase)
            o |= QRegularExpression::CaseInsensitiveOption;
        if (flags.dotAll || g.dotAll)
            o |= QRegularExpression::DotMatchesEverythingOption;
        if (g.multiline)
            o |= QRegularExpression::MultilineOption;
        if (!g.ascii)
            o |= QRegularExpression::UseUnicodePropertiesOption;
        *options = o;
        return out;
    }

private:
    struct Scope
    {
        bool ascii;
        bool verbose;
        bool isGroup;
    };
    enum class Last { Nothing, Atom, Repeat, Anchor };

    [[noreturn]] void fail(const QString &why, qsizetype at) const
    {
        throw SquallException(QStringLiteral("re.error"), QStringLiteral("%1 at position %2").arg(why).arg(at));
    }

    bool ascii() const { return scopes.last().ascii; }
    bool verbose() const { return scopes.last().verbose; }

    // Python 3.8-3.10 apply a flags-only group such as "(?i)" to the whole
    // pattern wherever it stands (with a DeprecationWarning when not first);
    // an "x" among them changes how everything before it is read, too.
    void scanGlobalFlags()
    {
        bool inClass = false;
        for (qsizetype k = 0; k < n; ++k) {
            const QChar c = p.at(k);
            if (c == u'\\') {
                ++k;
            } else if (inClass) {
                if (c == u']')
                    inClass = false;
            } else if (c == u'[') {
                inClass = true;
                if (k + 1 < n && p.at(k + 1) == u'^')
                    ++k;
                if (k + 1 < n && p.at(k + 1) == u']')
                    ++k;
            } else if (c == u'(' && k + 2 < n && p.at(k + 1) == u'?') {
                qsizetype j = k + 2;
                GlobalFlags f;
                bool any = false;
                for (; j < n && QStringView(u"aiLmsux").contains(p.at(j)); ++j) {
                    any = true;
                    switch (p.at(j).unicode()) {
                    case u'a': f.ascii = true; break;
                    case u'i': f.ignoreCase = true; break;
                    case u'm': f.multiline = true; break;
                    case u's': f.dotAll = true; break;
                    case u'x': f.verbose = true; break;
                    case u'u': f.unicode = true; break;
                    case u'L': fail(QStringLiteral("bad inline flags: cannot use 'L' flag with a str pattern"), j);
                    }
                }
                if (any && j < n && p.at(j) == u')') {
                    g.ascii |= f.ascii;
                    g.ignoreCase |= f.ignoreCase;
                    g.multiline |= f.multiline;
                    g.dotAll |= f.dotAll;
                    g.verbose |= f.verbose;
                    g.unicode |= f.unicode;
                }
            }
        }
    }

    // Alternatives up to an unmatched ')' or the end.
    void parseSequence()
    {
        Last last = Last::Nothing;
        while (i < n) {
            const QChar c = p.at(i);
            if (verbose() && (c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\v' || c == u'\f')) {
                ++i;
                continue;
            }
            if (verbose() && c == u'#') {
                while (i < n && p.at(i) != u'\n')
                    ++i;
                continue;
            }
            switch (c.unicode()) {
            case u')':
                return;
            case u'|':
                out += c;
                ++i;
                last = Last::Nothing;
                break;
            case u'*':
            case u'+':
            case u'?':
                repeat(last, QString(c), i + 1);
                break;
            case u'{':
                brace(last);
                break;
            case u'}':
                out += u"\\}";
                ++i;
                last = Last::Atom;
                break;
            case u'^':
            case u'$':
                out += c;
                ++i;
                last = Last::Anchor;
                break;
            case u'[':
                charClass();
                last = Last::Atom;
                break;
            case u'(':
                last = group(last);
                break;
            case u'\\':
                last = escape();
                break;
            default:
                out += c;
                ++i;
                last = Last::Atom;
            }
        }
    }

    void repeat(Last &last, const QString &quantifier, qsizetype next)
    {
        if (last == Last::Repeat)
            fail(QStringLiteral("multiple repeat"), i);
        if (last != Last::Atom)
            fail(QStringLiteral("nothing to repeat"), i);
        out += quantifier;
        i = next;
        if (i < n && p.at(i) == u'?') {  // lazy
            out += u'?';
            ++i;
        }
        last = Last::Repeat;
    }

    // "{m,n}", "{m,}", "{,n}", "{m}" repeat; anything else is a literal '{'.
    void brace(Last &last)
    {
        qsizetype j = i + 1;
        QString lo, hi;
        while (j < n && isDigit(p.at(j)))
            lo += p.at(j++);
        bool comma = false;
        if (j < n && p.at(j) == u',') {
            comma = true;
            ++j;
            while (j < n && isDigit(p.at(j)))
                hi += p.at(j++);
        }
        if (j >= n || p.at(j) != u'}' || (lo.isEmpty() && hi.isEmpty() && !comma)) {
            out += u"\\{";
            ++i;
            last = Last::Atom;
            return;
        }
        if (!comma)
            hi = lo;
        if (!hi.isEmpty() && !lo.isEmpty() && hi.toULongLong() < lo.toULongLong())
            fail(QStringLiteral("min repeat greater than max repeat"), i + 1);
        const QString quantifier = u'{' + (lo.isEmpty() ? QStringLiteral("0") : lo)
            + (comma || hi != lo ? u',' + hi : QString()) + u'}';
        repeat(last, quantifier, j + 1);
    }

    Last group(Last last)
    {
        const qsizetype start = i;
        if (i + 1 >= n || p.at(i + 1) != u'?') {
            ++i;
            openGroup(start, QStringLiteral("("), true, {});
            return Last::Atom;
        }
        qsizetype j = i + 2;
        if (j >= n)
            fail(QStringLiteral("unexpected end of pattern"), j);
        const QChar k = p.at(j);
        if (k == u':' || k == u'=' || k == u'!') {
            i = j + 1;
            openGroup(start, QStringLiteral("(?") + k, false, {});
            return Last::Atom;
        }
        if (k == u'<') {
            if (j + 1 < n && (p.at(j + 1) == u'=' || p.at(j + 1) == u'!')) {
                i = j + 2;
                openGroup(start, QStringLiteral("(?<") + p.at(j + 1), false, {});
                return Last::Atom;
            }
            fail(QStringLiteral("unknown extension ?<%1").arg(j + 1 < n ? p.at(j + 1) : QChar()), start + 1);
        }
        if (k == u'#') {
            const qsizetype close = p.indexOf(u')', j);
            if (close < 0)
                fail(QStringLiteral("missing ), unterminated comment"), j);
            i = close + 1;
            return last;
        }
        if (k == u'P') {
            if (j + 1 < n && p.at(j + 1) == u'<') {
                const qsizetype close = p.indexOf(u'>', j + 2);
                if (close < 0)
                    fail(QStringLiteral("missing >, unterminated name"), j + 2);
                const QString name = p.mid(j + 2, close - j - 2);
                if (name.isEmpty())
                    fail(QStringLiteral("missing group name"), j + 2);
                if (!isIdentifier(name))
                    fail(QStringLiteral("bad character in group name '%1'").arg(name), j + 2);
                if (names.contains(name))
                    fail(QStringLiteral("redefinition of group name '%1' as group %2; was group %3")
                             .arg(name).arg(closed.size() + 1).arg(names.value(name)),
                         j + 2);
                i = close + 1;
                openGroup(start, QStringLiteral("(?P<") + name + u'>', true, name);
                return Last::Atom;
            }
            if (j + 1 < n && p.at(j + 1) == u'=') {
                const qsizetype close = p.indexOf(u')', j + 2);
                if (close < 0)
                    fail(QStringLiteral("missing ), unterminated name"), j + 2);
                const QString name = p.mid(j + 2, close - j - 2);
                if (name.isEmpty())
                    fail(QStringLiteral("missing group name"), j + 2);
                if (!isIdentifier(name))
                    fail(QStringLiteral("bad character in group name '%1'").arg(name), j + 2);
                if (!names.contains(name))
                    fail(QStringLiteral("unknown group name '%1'").arg(name), j + 2);
                if (!closed.at(names.value(name) - 1))
                    fail(QStringLiteral("cannot refer to an open group"), start);
                out += QStringLiteral("(?P=") + name + u')';
                i = close + 1;
                return Last::Atom;
            }
            fail(QStringLiteral("unknown extension ?P%1").arg(j + 1 < n ? p.at(j + 1) : QChar()), start + 1);
        }
        if (k == u'(') {
            const qsizetype close = p.indexOf(u')', j + 1);
            if (close < 0)
                fail(QStringLiteral("missing ), unterminated name"), j + 1);
            const QString cond = p.mid(j + 1, close - j - 1);
            bool isNumber = false;
            const int number = cond.toInt(&isNumber);
            if (isIdentifier(cond)) {
                if (!names.contains(cond))
                    fail(QStringLiteral("unknown group name '%1'").arg(cond), j + 1);
                out += QStringLiteral("(?(<") + cond + u">)";
            } else if (isNumber && number >= 1) {
                out += QStringLiteral("(?(%1)").arg(number);
            } else {
                fail(QStringLiteral("bad character in group name '%1'").arg(cond), j + 1);
            }
            i = close + 1;
            scopes.append({ascii(), verbose(), true});
            groupIndex.append(-1);
            parseSequence();
            closeGroup(start);
            return Last::Atom;
        }
        // Flags: "(?aiLmsux)" (global, handled up front) or "(?aiLmsux-imsx:...)".
        qsizetype f = j;
        QString on, off;
        bool hasAscii = false;
        bool hasUnicode = false;
        for (; f < n && QStringView(u"aiLmsux").contains(p.at(f)); ++f)
            on += p.at(f);
        if (f < n && p.at(f) == u')' && !on.isEmpty()) {
            i = f + 1;
            return last;  // global flags were applied when the pattern was scanned
        }
        if (f < n && p.at(f) == u'-') {
            ++f;
            for (; f < n && QStringView(u"aiLmsux").contains(p.at(f)); ++f) {
                if (QStringView(u"aLu").contains(p.at(f)))
                    fail(QStringLiteral("bad inline flags: cannot turn off flags 'a', 'u' and 'L'"), f);
                off += p.at(f);
            }
            if (off.isEmpty())
                fail(QStringLiteral("missing flag"), f);
            if (f >= n || p.at(f) != u':')
                fail(QStringLiteral("missing :"), f);
        }
        if (f >= n || p.at(f) != u':' || (on.isEmpty() && off.isEmpty())) {
            if (f < n && isAsciiLetter(p.at(f)))
                fail(QStringLiteral("unknown flag"), f);
            fail(QStringLiteral("unknown extension ?%1").arg(k), start + 1);
        }
        if (on.contains(u'L'))
            fail(QStringLiteral("bad inline flags: cannot use 'L' flag with a str pattern"), j);
        hasAscii = on.contains(u'a');
        hasUnicode = on.contains(u'u');
        if (hasAscii && hasUnicode)
            fail(QStringLiteral("bad inline flags: flags 'a', 'u' and 'L' are incompatible"), j);
        QString pcre = QStringLiteral("(?");
        for (QChar c : std::as_const(on))
            if (QStringView(u"ims").contains(c))
                pcre += c;
        QString pcreOff;
        for (QChar c : std::as_const(off))
            if (QStringView(u"ims").contains(c))
                pcreOff += c;
        if (!pcreOff.isEmpty())
            pcre += u'-' + pcreOff;
        pcre += u':';
        i = f + 1;
        bool scopedAscii = ascii();
        if (hasAscii)
            scopedAscii = true;
        if (hasUnicode)
            scopedAscii = false;
        bool scopedVerbose = verbose();
        if (on.contains(u'x'))
            scopedVerbose = true;
        if (off.contains(u'x'))
            scopedVerbose = false;
        out += pcre;
        scopes.append({scopedAscii, scopedVerbose, true});
        groupIndex.append(-1);
        parseSequence();
        closeGroup(start);
        return Last::Atom;
    }

    void openGroup(qsizetype start, const QString &text, bool capturing, const QString &name)
    {
        out += text;
        int index = -1;
        if (capturing) {
            closed.append(false);
            index = int(closed.size());
            if (!name.isEmpty())
                names.insert(name, index);
        }
        scopes.append({ascii(), verbose(), true});
        groupIndex.append(index);
        parseSequence();
        closeGroup(start);
    }

    void closeGroup(qsizetype start)
    {
        if (i >= n)
            fail(QStringLiteral("missing ), unterminated subpattern"), start);
        out += u')';
        ++i;
        scopes.removeLast();
        const int index = groupIndex.takeLast();
        if (index > 0)
            closed[index - 1] = true;
    }

    // \x.., \u...., \U........ -> PCRE \x{...}; false if `c` is none of them.
    bool hexEscape(QChar c, qsizetype at)
    {
        const int digits = c == u'x' ? 2 : c == u'u' ? 4 : c == u'U' ? 8 : 0;
        if (!digits)
            return false;
        uint cp = 0;
        for (int d = 0; d < digits; ++d) {
            const qsizetype k = i + 2 + d;
            const int v = k < n ? hexValue(p.at(k)) : -1;
            if (v < 0)
                fail(QStringLiteral("incomplete escape %1").arg(p.mid(at, 2 + d)), at);
            cp = cp * 16 + uint(v);
        }
        if (cp > 0x10FFFF)
            fail(QStringLiteral("bad escape %1").arg(p.mid(at, 2 + digits)), at);
        out += codePoint(cp);
        i += 2 + digits;
        return true;
    }

    Last escape()
    {
        const qsizetype at = i;
        if (i + 1 >= n)
            fail(QStringLiteral("bad escape (end of pattern)"), at);
        const QChar c = p.at(i + 1);
        const auto emit = [&](const QString &text, Last kind) {
            out += text;
            i += 2;
            return kind;
        };
        switch (c.unicode()) {
        case u'A': return emit(QStringLiteral("\\A"), Last::Anchor);
        case u'Z': return emit(QStringLiteral("\\z"), Last::Anchor);
        case u'b':
        case u'B':
            if (ascii() && !g.ascii) {
                const QString w = QStringLiteral("[A-Za-z0-9_]");
                const QString boundary = QStringLiteral("(?:(?<=%1)(?!%1)|(?<!%1)(?=%1))").arg(w);
                return emit(c == u'b' ? boundary : QStringLiteral("(?!%1)").arg(boundary), Last::Anchor);
            }
            return emit(QStringLiteral("\\") + c, Last::Anchor);
        case u'd':
            return emit(ascii() ? QStringLiteral("[0-9]") : QStringLiteral("\\d"), Last::Atom);
        case u'D':
            return emit(ascii() ? QStringLiteral("[^0-9]") : QStringLiteral("\\D"), Last::Atom);
        case u'w':
            return emit(u'[' + QString::fromUtf16(ascii() ? kAsciiWordItems : kWordItems) + u']', Last::Atom);
        case u'W':
            return emit(QStringLiteral("[^") + QString::fromUtf16(ascii() ? kAsciiWordItems : kWordItems) + u']',
                        Last::Atom);
        case u's':
            return emit(u'[' + QString::fromUtf16(ascii() ? kAsciiSpaceItems : kSpaceItems) + u']', Last::Atom);
        case u'S':
            return emit(QStringLiteral("[^") + QString::fromUtf16(ascii() ? kAsciiSpaceItems : kSpaceItems) + u']',
                        Last::Atom);
        default:
            break;
        }
        if (literalEscape(c, at, false))
            return Last::Atom;
        if (isDigit(c)) {
            // Three octal digits are a character; otherwise one or two digits are a group.
            if (i + 3 < n && isOctal(c) && isOctal(p.at(i + 2)) && isOctal(p.at(i + 3))) {
                const uint cp = p.mid(i + 1, 3).toUInt(nullptr, 8);
                if (cp > 0377)
                    fail(QStringLiteral("octal escape value %1 outside of range 0-0o377").arg(p.mid(at, 4)), at);
                out += codePoint(cp);
                i += 4;
                return Last::Atom;
            }
            qsizetype len = 1;
            if (i + 2 < n && isDigit(p.at(i + 2)))
                len = 2;
            const int group = p.mid(i + 1, len).toInt();
            if (group > closed.size())
                fail(QStringLiteral("invalid group reference %1").arg(group), at + 1);
            if (!closed.at(group - 1))
                fail(QStringLiteral("cannot refer to an open group"), at);
            out += QStringLiteral("\\g{%1}").arg(group);
            i += 1 + len;
            return Last::Atom;
        }
        fail(QStringLiteral("bad escape %1").arg(p.mid(at, 2)), at);
    }

    // Escapes that stand for one character, inside or outside a class.
    bool literalEscape(QChar c, qsizetype at, bool inClass)
    {
        switch (c.unicode()) {
        case u'a': out += u"\\x07"; i += 2; return true;
        case u'f': out += u"\\f"; i += 2; return true;
        case u'n': out += u"\\n"; i += 2; return true;
        case u'r': out += u"\\r"; i += 2; return true;
        case u't': out += u"\\t"; i += 2; return true;
        case u'v': out += u"\\x0b"; i += 2; return true;  // PCRE's \v is a class
        case u'\\': out += u"\\\\"; i += 2; return true;
        case u'N': {
            if (i + 2 >= n || p.at(i + 2) != u'{')
                fail(QStringLiteral("missing {"), at + 2);
            fail(QStringLiteral("named Unicode characters (\\N{...}) are not supported"), at);
        }
        case u'0': {
            qsizetype len = 1;
            while (len < 3 && i + 1 + len < n && isOctal(p.at(i + 1 + len)))
                ++len;
            out += codePoint(p.mid(i + 1, len).toUInt(nullptr, 8));
            i += 1 + len;
            return true;
        }
        default:
            break;
        }
        if (hexEscape(c, at))
            return true;
        if (inClass && isOctal(c)) {
            qsizetype len = 1;
            while (len < 3 && i + 1 + len < n && isOctal(p.at(i + 1 + len)))
                ++len;
            const uint cp = p.mid(i + 1, len).toUInt(nullptr, 8);
            if (cp > 0377)
                fail(QStringLiteral("octal escape value %1 outside of range 0-0o377").arg(p.mid(at, 1 + len)), at);
            out += codePoint(cp);
            i += 1 + len;
            return true;
        }
        if (isAsciiLetter(c) || isDigit(c))
            return false;
        // Any other escaped character is itself.
        out += codePoint(c.isHighSurrogate() && i + 2 < n ? QChar::surrogateToUcs4(c, p.at(i + 2)) : c.unicode());
        i += c.isHighSurrogate() && i + 2 < n ? 3 : 2;
        return true;
    }

    void charClass()
    {
        const qsizetype start = i;
        out += u'[';
        ++i;
        if (i < n && p.at(i) == u'^') {
            out += u'^';
            ++i;
        }
        bool first = true;
        // 0: no range can start here; 1: the previous item may start one; 2: after "x-".
        int range = 0;
        while (true) {
            if (i >= n)
                fail(QStringLiteral("unterminated character set"), start);
            const QChar c = p.at(i);
            if (c == u']' && !first)
                break;
            // A class such as \w can neither end nor start a range ("bad character range").
            const bool classItem = c == u'\\' && i + 1 < n && QStringView(u"dDwWsS").contains(p.at(i + 1));
            if (classItem) {
                if (range == 2 || (i + 3 < n && p.at(i + 2) == u'-' && p.at(i + 3) != u']'))
                    fail(QStringLiteral("bad character range"), i);
                range = 0;
            } else if (c == u'-' && range == 1 && i + 1 < n && p.at(i + 1) != u']') {
                range = 2;
            } else {
                range = range == 2 ? 0 : 1;
            }
            first = false;
            if (c == u']') {
                out += u"\\]";
                ++i;
            } else if (c == u'[') {
                out += u"\\[";  // never a POSIX class in Python
                ++i;
            } else if (c == u'\\') {
                classEscape();
            } else {
                out += c;
                ++i;
            }
        }
        out += u']';
        ++i;
    }

    void classEscape()
    {
        const qsizetype at = i;
        if (i + 1 >= n)
            fail(QStringLiteral("unterminated character set"), at);
        const QChar c = p.at(i + 1);
        QString items;
        switch (c.unicode()) {
        case u'd': items = ascii() ? QStringLiteral("0-9") : QStringLiteral("\\d"); break;
        case u'D': items = QStringLiteral("\\D"); break;
        case u'w': items = QString::fromUtf16(ascii() ? kAsciiWordItems : kWordItems); break;
        case u'W': items = QStringLiteral("\\W"); break;
        case u's': items = QString::fromUtf16(ascii() ? kAsciiSpaceItems : kSpaceItems); break;
        case u'S': items = QStringLiteral("\\S"); break;
        case u'b': items = QStringLiteral("\\x08"); break;
        default: break;
        }
        if (!items.isEmpty()) {
            out += items;
            i += 2;
            return;
        }
        if (!literalEscape(c, at, true))
            fail(QStringLiteral("bad escape %1").arg(p.mid(at, 2)), at);
    }

    const QString &p;
    const qsizetype n;
    qsizetype i = 0;
    QString out;
    GlobalFlags g;
    QList<Scope> scopes;
    QList<int> groupIndex;   // per open group: its capture number, or -1
    QList<bool> closed;      // per capture group: closed yet
    QHash<QString, int> names;
};

struct CacheKey
{
    QString pattern;
    bool ignoreCase;
    bool dotAll;
    bool operator==(const CacheKey &o) const
    {
        return ignoreCase == o.ignoreCase && dotAll == o.dotAll && pattern == o.pattern;
    }
};

size_t qHash(const CacheKey &k, size_t seed = 0)
{
    return ::qHash(k.pattern, seed) ^ (size_t(k.ignoreCase) << 1) ^ size_t(k.dotAll);
}

} // namespace

QString translatePythonRegex(const QString &pattern, PythonRegexFlags flags,
                             QRegularExpression::PatternOptions *options)
{
    Translator t(pattern);
    return t.run(flags, options);
}

QRegularExpression compilePythonRegex(const QString &pattern, PythonRegexFlags flags)
{
    thread_local QHash<CacheKey, QRegularExpression> cache;
    const CacheKey key {pattern, flags.ignoreCase, flags.dotAll};
    if (auto it = cache.constFind(key); it != cache.constEnd())
        return *it;
    QRegularExpression::PatternOptions options;
    const QString translated = translatePythonRegex(pattern, flags, &options);
    QRegularExpression re(translated, options);
    if (!re.isValid()) {
        throw SquallException(QStringLiteral("re.error"),
                              QStringLiteral("%1 (in '%2')").arg(re.errorString(), pattern));
    }
    re.optimize();
    if (cache.size() > 4096)
        cache.clear();
    cache.insert(key, re);
    return re;
}

bool pythonRegexSearch(const QRegularExpression &re, const QString &subject)
{
    return re.match(subject).hasMatch();
}

bool pythonRegexMatch(const QRegularExpression &re, const QString &subject)
{
    return re.match(subject, 0, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption)
        .hasMatch();
}

} // namespace squall::rules
