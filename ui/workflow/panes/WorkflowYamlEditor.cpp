#include "ui/workflow/panes/WorkflowYamlEditor.h"

#include "ui/shell/Icons.h"

#include "ui/workflow/panes/Qsci.h"

#include <QEvent>
#include <QFontDatabase>
#include <QTimer>
#include <QVBoxLayout>

#include <functional>
#include <utility>

namespace squall::ui {

namespace {

constexpr int kMarkerMargin = 1;
constexpr int kFoldMargin = 2;
constexpr int kAnnotationStyle = 100;  // past the lexer's styles

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor blend(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

// Brackets everything a person does to the text, so that the steps of one
// action come out as one edit. Undo and redo belong to the window.
class YamlScintilla : public QsciScintilla
{
public:
    YamlScintilla(std::function<void()> begin, std::function<void()> end, QWidget *parent)
        : QsciScintilla(parent)
        , m_begin(std::move(begin))
        , m_end(std::move(end))
    {
    }

    void cut() override { bracket([this] { QsciScintilla::cut(); }); }
    void paste() override { bracket([this] { QsciScintilla::paste(); }); }
    void removeSelectedText() override { bracket([this] { QsciScintilla::removeSelectedText(); }); }
    void replaceSelectedText(const QString &text) override
    {
        bracket([this, &text] { QsciScintilla::replaceSelectedText(text); });
    }
    void undo() override { }
    void redo() override { }

protected:
    void keyPressEvent(QKeyEvent *e) override { bracket([this, e] { QsciScintilla::keyPressEvent(e); }); }
    void inputMethodEvent(QInputMethodEvent *e) override
    {
        bracket([this, e] { QsciScintilla::inputMethodEvent(e); });
    }
    void dropEvent(QDropEvent *e) override { bracket([this, e] { QsciScintilla::dropEvent(e); }); }
    void mousePressEvent(QMouseEvent *e) override { bracket([this, e] { QsciScintilla::mousePressEvent(e); }); }

private:
    template<typename F>
    void bracket(F &&f)
    {
        m_begin();
        f();
        m_end();
    }

    std::function<void()> m_begin;
    std::function<void()> m_end;
};

} // namespace

WorkflowYamlEditor::WorkflowYamlEditor(QWidget *parent)
    : QWidget(parent)
    , m_editor(new YamlScintilla([this] { beginUserAction(); }, [this] { endUserAction(); }, this))
    , m_lexer(new QsciLexerYAML(m_editor))
    , m_cursorTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("workflowYamlEditor"));
    m_editor->setObjectName(QStringLiteral("workflowYaml"));
    m_editor->setAccessibleName(tr("Workflow YAML"));
    m_editor->setAccessibleDescription(tr("The workflow definition as YAML text"));
    m_editor->setUtf8(true);
    m_editor->setLexer(m_lexer);
    m_editor->setMarginLineNumbers(0, true);
    m_editor->setMarginType(kMarkerMargin, QsciScintilla::SymbolMargin);
    m_editor->setMarginWidth(kMarkerMargin, 18);
    m_editor->setFolding(QsciScintilla::BoxedTreeFoldStyle, kFoldMargin);
    m_editor->setCaretLineVisible(true);
    m_editor->setIndentationsUseTabs(false);
    m_editor->setTabWidth(2);
    m_editor->setIndentationWidth(2);
    m_editor->setAutoIndent(true);
    m_editor->setBackspaceUnindents(true);
    m_editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    m_editor->setAnnotationDisplay(QsciScintilla::AnnotationBoxed);
    m_editor->setWrapMode(QsciScintilla::WrapNone);
    // The horizontal scroll bar follows the longest line instead of a fixed 2000 px.
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSCROLLWIDTH, 1UL);
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSCROLLWIDTHTRACKING, 1UL);

    // The document's undo stack is the only undo: Scintilla records nothing and
    // leaves Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z to the window's Undo and Redo.
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETUNDOCOLLECTION, 0UL);
    m_editor->SendScintilla(QsciScintillaBase::SCI_EMPTYUNDOBUFFER);
    for (QsciCommand *command : m_editor->standardCommands()->commands()) {
        if (command->command() == QsciCommand::Undo || command->command() == QsciCommand::Redo) {
            command->setKey(0);
            command->setAlternateKey(0);
        }
    }

    const QImage marker = icons::status(QStringLiteral("failed")).pixmap(14, 14).toImage();
    m_errorMarker = m_editor->markerDefine(marker);
    m_editor->setMarginMarkerMask(kMarkerMargin, 1 << m_errorMarker);
    m_editor->setMarginMarkerMask(0, 0);

    connect(m_editor, &QsciScintillaBase::SCN_MODIFIED, this,
            [this](int position, int type, const char *text, int length, int, int, int, int, int, int) {
                onModified(position, type, text, length);
            });
    m_cursorTimer->setSingleShot(true);
    m_cursorTimer->setInterval(150);
    connect(m_cursorTimer, &QTimer::timeout, this, [this] { Q_EMIT cursorMoved(cursorOffset()); });
    connect(m_editor, &QsciScintilla::cursorPositionChanged, this, [this] {
        // Scintilla reports caret moves late (when it updates the view), so
        // a move we made is recognised by where the caret is.
        const qsizetype position = m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS);
        if (m_internal || position == m_ownCaret)
            return;
        m_ownCaret = -1;
        m_cursorTimer->start();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor);
    setFocusProxy(m_editor);
    applyColors();
}

WorkflowYamlEditor::~WorkflowYamlEditor() = default;

void WorkflowYamlEditor::setText(const QString &text)
{
    m_internal = true;
    const bool readOnly = m_editor->isReadOnly();
    m_editor->setReadOnly(false);
    m_lead = text.startsWith(QChar(0xFEFF)) ? 1 : 0;
    m_editor->setText(text.mid(m_lead));
    m_editor->setReadOnly(readOnly);
    m_editor->SendScintilla(QsciScintillaBase::SCI_EMPTYUNDOBUFFER);
    m_internal = false;
    m_ownCaret = m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS);
    m_cursorTimer->stop();
}

QString WorkflowYamlEditor::text() const
{
    return m_lead ? QChar(0xFEFF) + m_editor->text() : m_editor->text();
}

void WorkflowYamlEditor::applyEdits(const TextEdits &edits)
{
    m_internal = true;
    const bool readOnly = m_editor->isReadOnly();
    m_editor->setReadOnly(false);
    // The text at the top of the view stays there: remember where its line
    // starts and move that by the edits made above it.
    const long topVisible = m_editor->SendScintilla(QsciScintillaBase::SCI_GETFIRSTVISIBLELINE);
    const long topLine = m_editor->SendScintilla(QsciScintillaBase::SCI_DOCLINEFROMVISIBLE, static_cast<unsigned long>(topVisible));
    qsizetype anchor = m_editor->SendScintilla(QsciScintillaBase::SCI_POSITIONFROMLINE, static_cast<unsigned long>(topLine));
    // From the last to the first: earlier offsets stay valid. Scintilla moves
    // the caret and selection along with text changed before them.
    for (qsizetype i = edits.size() - 1; i >= 0; --i) {
        const TextEdit &edit = edits.at(i);
        const qsizetype start = bytePositionOf(edit.offset);
        const qsizetype end = bytePositionOf(edit.offset + edit.length);
        const QByteArray utf8 = edit.text.toUtf8();
        m_editor->SendScintilla(QsciScintillaBase::SCI_SETTARGETRANGE, static_cast<unsigned long>(start),
                                static_cast<long>(end));
        m_editor->SendScintilla(QsciScintillaBase::SCI_REPLACETARGET, static_cast<unsigned long>(utf8.size()),
                                utf8.constData());
        if (end <= anchor)
            anchor += utf8.size() - (end - start);
        else if (start < anchor)
            anchor = start;
    }
    const long newTop = m_editor->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, static_cast<unsigned long>(anchor));
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETFIRSTVISIBLELINE,
                            static_cast<unsigned long>(m_editor->SendScintilla(
                                QsciScintillaBase::SCI_VISIBLEFROMDOCLINE, static_cast<unsigned long>(newTop))));
    m_editor->setReadOnly(readOnly);
    m_internal = false;
    m_ownCaret = m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS);
    m_cursorTimer->stop();
}

void WorkflowYamlEditor::setProblems(const QList<workflow::InspectionError> &problems)
{
    m_problems = problems;
    m_editor->markerDeleteAll(m_errorMarker);
    m_editor->clearAnnotations();
    // One annotation per line, holding every message for it.
    QMap<int, QStringList> byLine;
    for (const workflow::InspectionError &p : problems) {
        const int line = std::max(1, p.location.line) - 1;
        byLine[line].append(p.specPath.isEmpty() ? p.message : p.specPath + QStringLiteral(": ") + p.message);
    }
    for (auto it = byLine.cbegin(); it != byLine.cend(); ++it) {
        m_editor->markerAdd(it.key(), m_errorMarker);
        m_editor->annotate(it.key(), it.value().join(u'\n'), kAnnotationStyle);
    }
}

void WorkflowYamlEditor::selectRange(qsizetype offset, qsizetype length)
{
    m_internal = true;
    const qsizetype start = bytePositionOf(offset);
    const qsizetype end = bytePositionOf(offset + length);
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSEL, static_cast<unsigned long>(start), static_cast<long>(end));
    m_editor->SendScintilla(QsciScintillaBase::SCI_SCROLLCARET);
    m_internal = false;
    m_ownCaret = m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS);
    m_cursorTimer->stop();
}

void WorkflowYamlEditor::setReadOnly(bool readOnly)
{
    m_editor->setReadOnly(readOnly);
}

bool WorkflowYamlEditor::isReadOnly() const
{
    return m_editor->isReadOnly();
}

qsizetype WorkflowYamlEditor::offsetOf(qsizetype bytePosition) const
{
    return m_lead + m_editor->SendScintilla(QsciScintillaBase::SCI_COUNTCODEUNITS, 0UL, static_cast<long>(bytePosition));
}

qsizetype WorkflowYamlEditor::bytePositionOf(qsizetype offset) const
{
    return m_editor->SendScintilla(QsciScintillaBase::SCI_POSITIONRELATIVECODEUNITS, 0UL,
                                   static_cast<long>(std::max<qsizetype>(0, offset - m_lead)));
}

qsizetype WorkflowYamlEditor::cursorOffset() const
{
    return offsetOf(m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS));
}

void WorkflowYamlEditor::onModified(int position, int type, const char *text, int length)
{
    if (m_internal)
        return;
    if (m_actionDepth > 0 && !m_haveBefore
        && (type & (QsciScintillaBase::SC_MOD_BEFOREINSERT | QsciScintillaBase::SC_MOD_BEFOREDELETE))) {
        m_before = m_editor->text();
        m_haveBefore = true;
    }
    // Scintilla counts UTF-8 bytes; the text before `position` is the same
    // before and after the change, so its UTF-16 length is the offset.
    if (type & QsciScintillaBase::SC_MOD_BEFOREDELETE) {
        m_pendingDelete = m_editor->SendScintilla(QsciScintillaBase::SCI_COUNTCODEUNITS,
                                                  static_cast<unsigned long>(position), static_cast<long>(position + length));
        return;
    }
    if (type & QsciScintillaBase::SC_MOD_INSERTTEXT) {
        emitEdit(TextEdit{offsetOf(position), 0, QString::fromUtf8(text, length)});
    } else if (type & QsciScintillaBase::SC_MOD_DELETETEXT) {
        const TextEdit edit{offsetOf(position), m_pendingDelete, QString()};
        m_pendingDelete = 0;
        emitEdit(edit);
    }
}

void WorkflowYamlEditor::emitEdit(const TextEdit &edit)
{
    if (m_actionDepth > 0)
        m_actionEdits.append(edit);
    else
        Q_EMIT userEdited({edit});
}

void WorkflowYamlEditor::beginUserAction()
{
    if (m_actionDepth++ == 0) {
        m_actionEdits.clear();
        m_before.clear();
        m_haveBefore = false;
    }
}

void WorkflowYamlEditor::endUserAction()
{
    if (--m_actionDepth > 0)
        return;
    const TextEdits steps = std::exchange(m_actionEdits, {});
    const QString before = std::exchange(m_before, QString());
    const bool haveBefore = std::exchange(m_haveBefore, false);
    if (steps.size() <= 1 || !haveBefore) {
        if (!steps.isEmpty())
            Q_EMIT userEdited(steps);
        return;
    }
    // Several steps: the one span that differs between before and after.
    const QString after = m_editor->text();
    qsizetype prefix = 0;
    const qsizetype shorter = std::min(before.size(), after.size());
    while (prefix < shorter && before.at(prefix) == after.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < shorter - prefix && before.at(before.size() - 1 - suffix) == after.at(after.size() - 1 - suffix))
        ++suffix;
    if (before.size() == after.size() && prefix == before.size())
        return;  // the steps cancelled out
    Q_EMIT userEdited({TextEdit{m_lead + prefix, before.size() - prefix - suffix, after.mid(prefix, after.size() - prefix - suffix)}});
}

void WorkflowYamlEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyColors();
    QWidget::changeEvent(event);
}

void WorkflowYamlEditor::applyColors()
{
    const QPalette pal = palette();
    const bool dark = isDark(pal);
    const QColor base = pal.color(QPalette::Base);
    const QColor textColor = pal.color(QPalette::Text);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    m_lexer->setDefaultPaper(base);
    m_lexer->setPaper(base, -1);
    m_lexer->setDefaultColor(textColor);
    m_lexer->setColor(textColor, -1);
    m_lexer->setFont(mono, -1);
    // YAML styles in colours that read on the palette's base (light or dark).
    struct Style
    {
        int style;
        const char *light;
        const char *dark;
        bool bold;
    };
    static const Style styles[] = {
        {QsciLexerYAML::Comment, "#6a737d", "#8b949e", false},
        {QsciLexerYAML::Identifier, "#005cc5", "#79c0ff", true},
        {QsciLexerYAML::Keyword, "#b31d28", "#ff7b72", false},
        {QsciLexerYAML::Number, "#1a7f37", "#7ee787", false},
        {QsciLexerYAML::Reference, "#8250df", "#d2a8ff", false},
        {QsciLexerYAML::DocumentDelimiter, "#6a737d", "#8b949e", true},
        {QsciLexerYAML::TextBlockMarker, "#953800", "#ffa657", false},
        {QsciLexerYAML::SyntaxErrorMarker, "#cf222e", "#ff7b72", true},
        {QsciLexerYAML::Operator, "#57606a", "#adbac7", false},
    };
    for (const Style &s : styles) {
        m_lexer->setColor(QColor(QString::fromLatin1(dark ? s.dark : s.light)), s.style);
        QFont f = mono;
        f.setBold(s.bold);
        m_lexer->setFont(f, s.style);
    }
    m_lexer->setColor(textColor, QsciLexerYAML::Default);
    // The lexer's error style paints a background made for light themes.
    m_lexer->setPaper(base, QsciLexerYAML::SyntaxErrorMarker);

    m_editor->setFont(mono);
    m_editor->setMarginsFont(mono);
    m_editor->setMarginsBackgroundColor(pal.color(QPalette::Window));
    m_editor->setMarginsForegroundColor(pal.color(QPalette::PlaceholderText));
    m_editor->setMarginWidth(0, QStringLiteral("0000"));
    m_editor->setFoldMarginColors(pal.color(QPalette::Window), pal.color(QPalette::Window));
    // Fold boxes filled with the margin's colour, outlines, signs and lines
    // in the muted text colour (Scintilla's defaults are for white paper).
    for (unsigned long marker = QsciScintillaBase::SC_MARKNUM_FOLDEREND; marker <= QsciScintillaBase::SC_MARKNUM_FOLDEROPEN;
         ++marker) {
        m_editor->SendScintilla(QsciScintillaBase::SCI_MARKERSETFORE, marker, pal.color(QPalette::Window));
        m_editor->SendScintilla(QsciScintillaBase::SCI_MARKERSETBACK, marker, pal.color(QPalette::PlaceholderText));
    }
    m_editor->setCaretForegroundColor(textColor);
    m_editor->setCaretLineBackgroundColor(blend(base, pal.color(QPalette::Highlight), dark ? 0.18 : 0.08));
    m_editor->setSelectionBackgroundColor(pal.color(QPalette::Highlight));
    m_editor->setSelectionForegroundColor(pal.color(QPalette::HighlightedText));
    m_editor->setMatchedBraceBackgroundColor(blend(base, pal.color(QPalette::Highlight), 0.3));
    m_editor->setMatchedBraceForegroundColor(textColor);
    m_editor->setIndentationGuidesBackgroundColor(base);
    m_editor->setIndentationGuidesForegroundColor(pal.color(QPalette::Mid));
    m_editor->setPaper(base);
    m_editor->setColor(textColor);

    // Annotations: the error colour on a tint of it, in the proportional UI font.
    const QColor error = QColor(QString::fromLatin1(dark ? "#ff7b72" : "#b31d28"));
    m_editor->SendScintilla(QsciScintillaBase::SCI_STYLESETFORE, static_cast<unsigned long>(kAnnotationStyle), error);
    m_editor->SendScintilla(QsciScintillaBase::SCI_STYLESETBACK, static_cast<unsigned long>(kAnnotationStyle),
                            blend(base, error, dark ? 0.15 : 0.08));
    m_editor->SendScintilla(QsciScintillaBase::SCI_STYLESETFONT, static_cast<unsigned long>(kAnnotationStyle),
                            font().family().toUtf8().constData());
    m_editor->SendScintilla(QsciScintillaBase::SCI_STYLESETSIZE, static_cast<unsigned long>(kAnnotationStyle),
                            static_cast<long>(std::max(8, font().pointSize() - 1)));
    setProblems(m_problems);
}

} // namespace squall::ui
