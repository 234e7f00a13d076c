#include "store/FastJson.h"

#include "base/Json.h"

#include <charconv>

namespace squall::store {

namespace {

// Worst case per UTF-16 unit: "\u001f" = 6 bytes.
constexpr qsizetype kMaxBytesPerUnit = 6;
constexpr qsizetype kChunk = 8192;

inline char *writeEscape(char *w, char16_t c)
{
    static constexpr char hex[] = "0123456789abcdef";
    *w++ = '\\';
    switch (c) {
    case u'"': *w++ = '"'; break;
    case u'\\': *w++ = '\\'; break;
    case u'\n': *w++ = 'n'; break;
    case u'\r': *w++ = 'r'; break;
    case u'\t': *w++ = 't'; break;
    case u'\b': *w++ = 'b'; break;
    case u'\f': *w++ = 'f'; break;
    default:
        *w++ = 'u';
        *w++ = '0';
        *w++ = '0';
        *w++ = hex[(c >> 4) & 0xf];
        *w++ = hex[c & 0xf];
    }
    return w;
}

void appendString(QByteArray &out, QStringView s)
{
    out.append('"');
    const char16_t *p = s.utf16();
    const char16_t *const end = p + s.size();
    while (p < end) {
        // One chunk at a time bounds the scratch space a huge string needs.
        const char16_t *chunkEnd = p + std::min<qsizetype>(kChunk, end - p);
        const qsizetype start = out.size();
        out.resize(start + (chunkEnd - p + 1) * kMaxBytesPerUnit);
        char *const base = out.data();
        char *w = base + start;
        while (p < chunkEnd) {
            const char16_t c = *p++;
            if (c < 0x80) {
                if (c >= 0x20 && c != u'"' && c != u'\\')
                    *w++ = char(c);
                else
                    w = writeEscape(w, c);
            } else if (c < 0x800) {
                *w++ = char(0xc0 | (c >> 6));
                *w++ = char(0x80 | (c & 0x3f));
            } else if (QChar::isHighSurrogate(c) && p < end && QChar::isLowSurrogate(*p)) {
                const char32_t u = QChar::surrogateToUcs4(c, *p++);
                *w++ = char(0xf0 | (u >> 18));
                *w++ = char(0x80 | ((u >> 12) & 0x3f));
                *w++ = char(0x80 | ((u >> 6) & 0x3f));
                *w++ = char(0x80 | (u & 0x3f));
                if (p > chunkEnd)
                    chunkEnd = p;  // the pair straddled the chunk end; the +1 unit of slack covers it
            } else if (QChar::isSurrogate(c)) {
                // A lone surrogate has no UTF-8 form: its escape, as json::serialize writes it,
                // so the text parses back to the same string.
                static constexpr char hex[] = "0123456789abcdef";
                *w++ = '\\';
                *w++ = 'u';
                for (int shift = 12; shift >= 0; shift -= 4)
                    *w++ = hex[(c >> shift) & 0xf];
            } else {
                *w++ = char(0xe0 | (c >> 12));
                *w++ = char(0x80 | ((c >> 6) & 0x3f));
                *w++ = char(0x80 | (c & 0x3f));
            }
        }
        out.resize(w - base);
    }
    out.append('"');
}

} // namespace

void appendCompactJson(QByteArray &out, const Value &v)
{
    switch (v.type()) {
    case Value::Type::Null: out.append("null", 4); break;
    case Value::Type::Bool: v.toBool() ? out.append("true", 4) : out.append("false", 5); break;
    case Value::Type::Int: {
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, v.toInt());
        out.append(buf, r.ptr - buf);
        break;
    }
    case Value::Type::Double: out.append(json::serialize(v)); break;
    case Value::Type::String: appendString(out, v.toString()); break;
    case Value::Type::List: {
        out.append('[');
        bool first = true;
        for (const Value &item : v.toList()) {
            if (!first)
                out.append(',');
            first = false;
            appendCompactJson(out, item);
        }
        out.append(']');
        break;
    }
    case Value::Type::Dict: {
        out.append('{');
        bool first = true;
        for (const auto &[key, item] : v.toDict()) {
            if (!first)
                out.append(',');
            first = false;
            appendString(out, key);
            out.append(':');
            appendCompactJson(out, item);
        }
        out.append('}');
        break;
    }
    case Value::Type::Object: appendCompactJson(out, v.toObject()->resolve()); break;
    }
}

QByteArray toCompactJson(const Value &v)
{
    QByteArray out;
    out.reserve(512);
    appendCompactJson(out, v);
    return out;
}

} // namespace squall::store
