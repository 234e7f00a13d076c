#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace squall::ui {

// Where things are in a YAML text, found by indentation alone: block mappings
// and sequences with the spans of each key, value and entry. Flow collections,
// quoted scalars, block scalars (| >) and multi-line plain scalars are opaque
// spans. Comments and blank lines never belong to a value's last line. It does
// not type values (yaml::load does that); it only says where text is, so edits
// can replace exactly the characters they mean to.
class YamlOutline
{
public:
    enum class Type { Null, Scalar, Flow, Map, Seq };

    struct Entry
    {
        QString key;              // decoded key (mappings)
        qsizetype start = 0;      // key (mappings) or dash (sequences)
        qsizetype keyEnd = 0;     // end of the key text (mappings) or the dash
        qsizetype afterIndicator = 0;  // just after ':' or '-'
        int value = -1;           // node index, -1 when the value is null/absent
        qsizetype end = 0;        // end of the entry's last content character
    };

    struct Node
    {
        Type type = Type::Null;
        qsizetype start = 0;      // first character (anchor/tag included)
        qsizetype end = 0;        // after the last content character
        int column = 0;           // block collections: the column of their keys/dashes
        QList<Entry> entries;
    };

    struct Line
    {
        qsizetype start = 0;      // first character
        qsizetype end = 0;        // before the line break
        qsizetype next = 0;       // start of the next line (== end at the end of the text)
        int indent = 0;
        bool blank = false;       // empty, spaces only, or a comment only
    };

    void scan(QStringView text);

    const QList<Node> &nodes() const { return m_nodes; }
    const Node &node(int i) const { return m_nodes.at(i); }
    int root() const { return m_root; }  // -1 for an empty document
    // Every content line belongs to the root node and no quoted scalar or
    // flow collection runs to the end of the text. When not, the layout is
    // not trustworthy enough to place edits (a lenient parser may read it
    // otherwise).
    bool complete() const { return !m_unterminated; }
    const QList<Line> &lines() const { return m_lines; }

    int lineOf(qsizetype offset) const;  // index of the line holding offset
    // Where the content of offset's line ends (before a comment and trailing spaces), at least offset.
    qsizetype lineContentEnd(qsizetype offset) const;
    // The entry of mapping node `map` whose key is `key`, or nullptr.
    const Entry *find(int map, QStringView key) const;
    int findIndex(int map, QStringView key) const;
    // The value node of `key` in mapping `map`, -1 when absent or null.
    int valueOf(int map, QStringView key) const;
    bool isMap(int n) const { return n >= 0 && m_nodes.at(n).type == Type::Map; }
    bool isSeq(int n) const { return n >= 0 && m_nodes.at(n).type == Type::Seq; }

private:
    int parseNode(int &li, qsizetype pos, int parentIndent);
    int parseMap(int &li, qsizetype pos);
    int parseSeq(int &li, qsizetype pos);
    int parseScalar(int &li, qsizetype pos, int parentIndent);
    // Key text end and the ':' position when a mapping key starts at pos on line li.
    bool mappingKeyAt(int li, qsizetype pos, qsizetype *keyEnd, qsizetype *colon) const;
    qsizetype contentEnd(int li, qsizetype from) const;  // end of line li without a trailing comment
    int nextContentLine(int li) const;  // first non-blank line >= li, or lines.size()
    qsizetype skipSpaces(qsizetype pos, qsizetype end) const;
    int column(qsizetype pos) const;

    QStringView m_text;
    QList<Line> m_lines;
    QList<Node> m_nodes;
    int m_root = -1;
    bool m_unterminated = false;
};

} // namespace squall::ui
