#include "ui/workflow/document/YamlOutline.h"

#include <algorithm>

namespace squall::ui {

namespace {

bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t';
}

QString decodeKey(QStringView raw)
{
    if (raw.size() >= 2 && raw.front() == u'\'' && raw.back() == u'\'') {
        QString s = raw.mid(1, raw.size() - 2).toString();
        s.replace(QStringLiteral("''"), QStringLiteral("'"));
        return s;
    }
    if (raw.size() >= 2 && raw.front() == u'"' && raw.back() == u'"') {
        QString out;
        const QStringView body = raw.mid(1, raw.size() - 2);
        for (qsizetype i = 0; i < body.size(); ++i) {
            QChar c = body.at(i);
            if (c == u'\\' && i + 1 < body.size()) {
                c = body.at(++i);
                if (c == u'n')
                    c = u'\n';
                else if (c == u't')
                    c = u'\t';
            }
            out += c;
        }
        return out;
    }
    return raw.trimmed().toString();
}

} // namespace

void YamlOutline::scan(QStringView text)
{
    m_text = text;
    m_lines.clear();
    m_nodes.clear();
    m_root = -1;
    m_unterminated = false;
    qsizetype pos = 0;
    const qsizetype size = text.size();
    m_lines.reserve(size / 24 + 1);
    while (pos <= size) {
        Line line;
        line.start = pos;
        if (pos == 0 && size > 0 && text.at(0) == QChar(0xFEFF))
            line.start = 1;  // a byte order mark is not indentation
        qsizetype nl = text.indexOf(u'\n', pos);
        if (nl < 0)
            nl = size;
        line.end = (nl < size && nl > line.start && text.at(nl - 1) == u'\r') ? nl - 1 : nl;
        line.next = nl < size ? nl + 1 : size;
        qsizetype p = line.start;
        while (p < line.end && text.at(p) == u' ')
            ++p;
        line.indent = int(p - line.start);
        while (p < line.end && isSpace(text.at(p)))
            ++p;
        line.blank = p == line.end || text.at(p) == u'#';
        if (p > line.start + line.indent && line.blank)
            m_unterminated = true;  // tabs where indentation goes: parsers disagree on those
        m_lines.append(line);
        if (nl >= size)
            break;
        pos = nl + 1;
    }
    int li = nextContentLine(0);
    // Directives and the document start marker carry no structure we edit.
    while (li < m_lines.size()) {
        const Line &l = m_lines.at(li);
        const QStringView content = text.mid(l.start + l.indent, l.end - l.start - l.indent);
        if (content.startsWith(u'%') || content.trimmed() == u"---")
            li = nextContentLine(li + 1);
        else
            break;
    }
    if (li >= m_lines.size())
        return;
    const Line &first = m_lines.at(li);
    qsizetype start = first.start + first.indent;
    if (text.mid(start).startsWith(u"--- "))
        start = skipSpaces(start + 4, first.end);
    m_root = parseNode(li, start, -1);
    li = nextContentLine(li);
    if (li < m_lines.size()) {
        const Line &l = m_lines.at(li);
        const QStringView content = text.mid(l.start + l.indent, l.end - l.start - l.indent).trimmed();
        if (content != u"..." && content != u"---")
            m_unterminated = true;  // text the structure does not account for
    }
}

int YamlOutline::lineOf(qsizetype offset) const
{
    const auto it = std::upper_bound(m_lines.cbegin(), m_lines.cend(), offset,
                                     [](qsizetype o, const Line &l) { return o < l.start; });
    return std::max(0, int(it - m_lines.cbegin()) - 1);
}

qsizetype YamlOutline::lineContentEnd(qsizetype offset) const
{
    return std::max(offset, contentEnd(lineOf(offset), offset));
}

const YamlOutline::Entry *YamlOutline::find(int map, QStringView key) const
{
    const int i = findIndex(map, key);
    return i < 0 ? nullptr : &m_nodes.at(map).entries.at(i);
}

int YamlOutline::findIndex(int map, QStringView key) const
{
    if (!isMap(map))
        return -1;
    const QList<Entry> &entries = m_nodes.at(map).entries;
    // The last one wins, as when the YAML is loaded.
    for (qsizetype i = entries.size() - 1; i >= 0; --i) {
        if (entries.at(i).key == key)
            return int(i);
    }
    return -1;
}

int YamlOutline::valueOf(int map, QStringView key) const
{
    const Entry *e = find(map, key);
    return e ? e->value : -1;
}

qsizetype YamlOutline::skipSpaces(qsizetype pos, qsizetype end) const
{
    while (pos < end && isSpace(m_text.at(pos)))
        ++pos;
    return pos;
}

int YamlOutline::column(qsizetype pos) const
{
    return int(pos - m_lines.at(lineOf(pos)).start);
}

int YamlOutline::nextContentLine(int li) const
{
    while (li < m_lines.size() && m_lines.at(li).blank)
        ++li;
    return int(std::min<qsizetype>(li, m_lines.size()));
}

qsizetype YamlOutline::contentEnd(int li, qsizetype from) const
{
    const Line &line = m_lines.at(li);
    qsizetype end = line.end;
    QChar quote;
    for (qsizetype p = from; p < line.end; ++p) {
        const QChar c = m_text.at(p);
        if (!quote.isNull()) {
            if (quote == u'"' && c == u'\\')
                ++p;
            else if (c == quote) {
                if (quote == u'\'' && p + 1 < line.end && m_text.at(p + 1) == u'\'')
                    ++p;
                else
                    quote = QChar();
            }
            continue;
        }
        const bool tokenStart = p == from || isSpace(m_text.at(p - 1))
            || QStringView(u"[{,:").contains(m_text.at(p - 1));
        if ((c == u'"' || c == u'\'') && tokenStart) {
            quote = c;
        } else if (c == u'#' && (p == from || isSpace(m_text.at(p - 1)))) {
            end = p;
            break;
        }
    }
    while (end > from && isSpace(m_text.at(end - 1)))
        --end;
    return end;
}

bool YamlOutline::mappingKeyAt(int li, qsizetype pos, qsizetype *keyEnd, qsizetype *colon) const
{
    const qsizetype ce = contentEnd(li, pos);
    if (pos >= ce)
        return false;
    const QChar c = m_text.at(pos);
    auto colonAt = [&](qsizetype p) {
        return p < ce && m_text.at(p) == u':' && (p + 1 >= ce || isSpace(m_text.at(p + 1)));
    };
    if (c == u'"' || c == u'\'') {
        for (qsizetype p = pos + 1; p < ce; ++p) {
            const QChar q = m_text.at(p);
            if (c == u'"' && q == u'\\') {
                ++p;
            } else if (q == c) {
                if (c == u'\'' && p + 1 < ce && m_text.at(p + 1) == u'\'') {
                    ++p;
                    continue;
                }
                const qsizetype after = skipSpaces(p + 1, ce);
                if (!colonAt(after))
                    return false;
                *keyEnd = p + 1;
                *colon = after;
                return true;
            }
        }
        return false;
    }
    if (QStringView(u"[{|>*&!#%@`").contains(c) || (c == u'-' && (pos + 1 >= ce || isSpace(m_text.at(pos + 1)))))
        return false;
    for (qsizetype p = pos; p < ce; ++p) {
        if (colonAt(p)) {
            qsizetype e = p;
            while (e > pos && isSpace(m_text.at(e - 1)))
                --e;
            *keyEnd = e;
            *colon = p;
            return true;
        }
    }
    return false;
}

int YamlOutline::parseNode(int &li, qsizetype pos, int parentIndent)
{
    const qsizetype ce = contentEnd(li, pos);
    const QChar c = m_text.at(pos);
    if (c == u'-' && (pos + 1 >= ce || isSpace(m_text.at(pos + 1))))
        return parseSeq(li, pos);
    qsizetype keyEnd = 0, colon = 0;
    if (mappingKeyAt(li, pos, &keyEnd, &colon))
        return parseMap(li, pos);
    return parseScalar(li, pos, parentIndent);
}

int YamlOutline::parseMap(int &li, qsizetype pos)
{
    const int index = int(m_nodes.size());
    m_nodes.append(Node{Type::Map, pos, pos, column(pos), {}});
    const int col = m_nodes.at(index).column;
    while (true) {
        qsizetype keyEnd = 0, colon = 0;
        mappingKeyAt(li, pos, &keyEnd, &colon);
        Entry e;
        e.key = decodeKey(m_text.mid(pos, keyEnd - pos));
        e.start = pos;
        e.keyEnd = keyEnd;
        e.afterIndicator = colon + 1;
        int l = li;
        e.value = -1;
        {
            // The value: on this line after ':', or on the lines below (more
            // indented, or a sequence at the key's own indentation).
            const Line &line = m_lines.at(l);
            qsizetype p = skipSpaces(colon + 1, line.end);
            const qsizetype ce = contentEnd(l, p);
            while (p < ce && (m_text.at(p) == u'&' || m_text.at(p) == u'!')) {
                while (p < ce && !isSpace(m_text.at(p)))
                    ++p;
                p = skipSpaces(p, ce);
            }
            if (p < ce) {
                e.value = parseNode(l, p, col);
            } else {
                const int nl = nextContentLine(l + 1);
                const bool below = nl < m_lines.size()
                    && (m_lines.at(nl).indent > col
                        || (m_lines.at(nl).indent == col && m_text.at(m_lines.at(nl).start + col) == u'-'
                            && (m_lines.at(nl).start + col + 1 >= m_lines.at(nl).end
                                || isSpace(m_text.at(m_lines.at(nl).start + col + 1)))));
                if (below) {
                    l = nl;
                    e.value = parseNode(l, m_lines.at(nl).start + m_lines.at(nl).indent, col);
                } else {
                    l = l + 1;
                }
            }
        }
        e.end = e.value >= 0 ? m_nodes.at(e.value).end : colon + 1;
        m_nodes[index].end = e.end;
        m_nodes[index].entries.append(std::move(e));
        li = l;
        const int nl = nextContentLine(l);
        if (nl >= m_lines.size() || m_lines.at(nl).indent != col)
            break;
        const qsizetype next = m_lines.at(nl).start + col;
        if (!mappingKeyAt(nl, next, &keyEnd, &colon))
            break;
        li = nl;
        pos = next;
    }
    return index;
}

int YamlOutline::parseSeq(int &li, qsizetype pos)
{
    const int index = int(m_nodes.size());
    m_nodes.append(Node{Type::Seq, pos, pos, column(pos), {}});
    const int col = m_nodes.at(index).column;
    while (true) {
        Entry e;
        e.start = pos;
        e.keyEnd = pos + 1;
        e.afterIndicator = pos + 1;
        int l = li;
        const Line &line = m_lines.at(l);
        qsizetype p = skipSpaces(pos + 1, line.end);
        const qsizetype ce = contentEnd(l, p);
        while (p < ce && (m_text.at(p) == u'&' || m_text.at(p) == u'!')) {
            while (p < ce && !isSpace(m_text.at(p)))
                ++p;
            p = skipSpaces(p, ce);
        }
        if (p < ce) {
            e.value = parseNode(l, p, col);
        } else {
            const int nl = nextContentLine(l + 1);
            if (nl < m_lines.size() && m_lines.at(nl).indent > col) {
                l = nl;
                e.value = parseNode(l, m_lines.at(nl).start + m_lines.at(nl).indent, col);
            } else {
                l = l + 1;
            }
        }
        e.end = e.value >= 0 ? m_nodes.at(e.value).end : pos + 1;
        m_nodes[index].end = e.end;
        m_nodes[index].entries.append(std::move(e));
        li = l;
        const int nl = nextContentLine(l);
        if (nl >= m_lines.size() || m_lines.at(nl).indent != col)
            break;
        const Line &next = m_lines.at(nl);
        const qsizetype dash = next.start + col;
        if (m_text.at(dash) != u'-' || (dash + 1 < next.end && !isSpace(m_text.at(dash + 1))))
            break;
        li = nl;
        pos = dash;
    }
    return index;
}

int YamlOutline::parseScalar(int &li, qsizetype pos, int parentIndent)
{
    const int index = int(m_nodes.size());
    const QChar c = m_text.at(pos);
    qsizetype end = contentEnd(li, pos);
    Type type = Type::Scalar;
    // Advances li past the line holding offset `last`.
    auto finishAt = [&](qsizetype last) {
        while (li + 1 < m_lines.size() && m_lines.at(li + 1).start <= last)
            ++li;
        ++li;
    };
    if (c == u'"' || c == u'\'') {
        qsizetype p = pos + 1;
        for (; p < m_text.size(); ++p) {
            const QChar q = m_text.at(p);
            if (c == u'"' && q == u'\\') {
                ++p;
            } else if (q == c) {
                if (c == u'\'' && p + 1 < m_text.size() && m_text.at(p + 1) == u'\'') {
                    ++p;
                    continue;
                }
                break;
            }
        }
        m_unterminated = m_unterminated || p >= m_text.size();
        end = std::min(p + 1, m_text.size());
        finishAt(end - 1);
    } else if (c == u'[' || c == u'{') {
        type = Type::Flow;
        int depth = 0;
        QChar quote;
        qsizetype p = pos;
        for (; p < m_text.size(); ++p) {
            const QChar q = m_text.at(p);
            if (!quote.isNull()) {
                if (quote == u'"' && q == u'\\')
                    ++p;
                else if (q == quote)
                    quote = QChar();
                continue;
            }
            if (q == u'"' || q == u'\'') {
                quote = q;
            } else if (q == u'#' && p > pos && isSpace(m_text.at(p - 1))) {
                const qsizetype nl = m_text.indexOf(u'\n', p);
                p = nl < 0 ? m_text.size() - 1 : nl;
            } else if (q == u'[' || q == u'{') {
                ++depth;
            } else if (q == u']' || q == u'}') {
                if (--depth == 0)
                    break;
            }
        }
        m_unterminated = m_unterminated || p >= m_text.size();
        end = std::min(p + 1, m_text.size());
        finishAt(end - 1);
    } else if (c == u'|' || c == u'>') {
        int last = li;
        for (int l = li + 1; l < m_lines.size(); ++l) {
            const Line &line = m_lines.at(l);
            if (line.indent == line.end - line.start)
                continue;  // empty lines belong to the scalar only if content follows
            if (line.indent <= parentIndent)
                break;
            last = l;
        }
        if (last > li) {
            end = m_lines.at(last).end;
            while (end > pos && isSpace(m_text.at(end - 1)))
                --end;
        }
        li = last + 1;
    } else {
        int l = li + 1;
        while (true) {
            const int nl = nextContentLine(l);
            if (nl >= m_lines.size() || m_lines.at(nl).indent <= parentIndent)
                break;
            // A comment line ends a plain scalar; nextContentLine skipped it.
            bool commentBetween = false;
            for (int k = l; k < nl; ++k) {
                const Line &b = m_lines.at(k);
                if (b.indent != b.end - b.start)
                    commentBetween = true;
            }
            if (commentBetween)
                break;
            end = contentEnd(nl, m_lines.at(nl).start + m_lines.at(nl).indent);
            l = nl + 1;
        }
        li = l;
    }
    if (c == u'"' || c == u'\'' || c == u'[' || c == u'{') {
        // Only spaces or a comment may follow a closed quote or bracket.
        const Line &last = m_lines.at(lineOf(std::max(pos, end - 1)));
        const qsizetype after = skipSpaces(end, last.end);
        if (after < last.end && !(m_text.at(after) == u'#' && after > end))
            m_unterminated = true;
    }
    m_nodes.append(Node{type, pos, end, column(pos), {}});
    return index;
}

} // namespace squall::ui
