#include "ui/rules/RulesPage.h"

#include "client/Client.h"
#include "ui/lists/ListDetailSplitter.h"
#include "ui/lists/ListPane.h"
#include "ui/lists/ResourceTableModel.h"
#include "ui/rules/RuleEditor.h"
#include "ui/shell/ClientEditCommand.h"
#include "ui/shell/Studio.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QShortcut>
#include <QSplitter>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace squall::ui {

namespace {
constexpr int kEnabledColumn = 0;

// A rule document as sent back to the engine: what it adds on storing goes.
Value sendable(Value doc)
{
    for (const char *key : {"file_error", "file_path"})
        doc.dictRef().remove(QString::fromLatin1(key));
    return doc;
}
} // namespace

RulesPage::RulesPage(Studio *studio, QWidget *parent) : Page(studio, parent)
{
    using Column = ResourceTableModel::Column;
    Column enabled{tr("On"), [](const Value &) { return QString(); }};
    enabled.check = [](const Value &r) { return r[u"enabled"].toBool() ? Qt::Checked : Qt::Unchecked; };
    enabled.sortKey = [](const Value &r) { return QVariant(r[u"enabled"].toBool()); };
    enabled.toolTip = [](const Value &r) {
        return r[u"enabled"].toBool() ? tr("Enabled: click to disable") : tr("Disabled: click to enable");
    };
    m_model = new ResourceTableModel(
        QStringLiteral("ref"),
        {enabled, Column{tr("Rule"), [](const Value &r) { return r[u"ref"].toString(); }},
         Column{tr("Trigger"), [](const Value &r) { return textAt(r, QStringLiteral("trigger.type")); }},
         Column{tr("Action"), [](const Value &r) { return textAt(r, QStringLiteral("action.ref")); }},
         Column{tr("Description"), [](const Value &r) { return r[u"description"].toString(); }}},
        this);
    m_list = new ListPane(QStringLiteral("rules"), tr("rules"), m_model, this);
    m_list->setEmptyText(tr("No rules yet. A rule runs an action when a trigger fires: click New rule to make one."));
    m_list->view()->sortByColumn(1, Qt::AscendingOrder);
    m_list->view()->header()->resizeSection(kEnabledColumn, 36);
    m_list->view()->header()->resizeSection(1, 200);
    m_list->view()->header()->resizeSection(2, 140);
    m_list->view()->header()->resizeSection(3, 100);

    auto *add = m_list->addButton(QStringLiteral("add"), tr("New rule"), QStringLiteral("rulesNew"));
    auto *duplicate = m_list->addButton(QStringLiteral("duplicate"), tr("Duplicate rule"), QStringLiteral("rulesDuplicate"));
    auto *remove = m_list->addButton(QStringLiteral("delete"), tr("Delete rule"), QStringLiteral("rulesDelete"));
    connect(add, &QToolButton::clicked, this, &RulesPage::newRule);
    connect(duplicate, &QToolButton::clicked, this, &RulesPage::duplicateCurrent);
    connect(remove, &QToolButton::clicked, this, &RulesPage::deleteCurrent);

    m_editor = new RuleEditor(studio, this);
    m_editor->setObjectName(QStringLiteral("ruleEditor"));

    addListDetailSplitter(this, QStringLiteral("rulesSplit"), m_list, m_editor,
                          {.listStretch = 2, .detailStretch = 5, .sizes = {330, 900}, .listMinimumWidth = 260,
                           .collapsible = false});

    connect(m_list, &ListPane::currentChanged, this, &RulesPage::selectionChanged);
    // The check box column toggles the rule (a click, or Space on the row).
    connect(m_list->view(), &QTreeView::clicked, this, [this](const QModelIndex &index) {
        if (index.column() == kEnabledColumn)
            toggleEnabled(m_model->itemAt(m_list->proxy()->mapToSource(index).row()));
    });
    connect(m_editor, &RuleEditor::saved, this, [this](const Value &rule) {
        m_model->upsert(rule);
        m_showing = rule[u"ref"].toString();
        m_list->select(m_showing);
    });
    connect(studio, &Studio::eventsReceived, this, &RulesPage::onEvents);

    addCommand(tr("New Rule"), QKeySequence::New, [this] { newRule(); }, QStringLiteral("rulesNewCommand"));
    addCommand(tr("Save Rule"), QKeySequence::Save, [this] { m_editor->save(); }, QStringLiteral("rulesSaveCommand"));
    addCommand(tr("Test Rule…"), QKeySequence(Qt::CTRL | Qt::Key_T), [this] { m_editor->test(); },
               QStringLiteral("rulesTestCommand"));
    addCommand(tr("Enable / Disable Rule"), QKeySequence(Qt::CTRL | Qt::Key_E),
               [this] { toggleEnabled(m_list->current()); }, QStringLiteral("rulesToggleCommand"));
    addCommand(tr("Duplicate Rule"), QKeySequence(Qt::CTRL | Qt::Key_D), [this] { duplicateCurrent(); },
               QStringLiteral("rulesDuplicateCommand"));
    // Delete acts on the list only: in the editor the key belongs to the fields.
    addCommand(tr("Delete Rule"), QKeySequence(), [this] { deleteCurrent(); }, QStringLiteral("rulesDeleteCommand"));
    auto *deleteKey = new QShortcut(QKeySequence::Delete, m_list->view(), nullptr, nullptr, Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, this, &RulesPage::deleteCurrent);
}

void RulesPage::focusSearch()
{
    m_list->searchField()->setFocus();
    m_list->searchField()->selectAll();
}

void RulesPage::reload()
{
    m_list->setLoading(true);
    m_editor->reloadCatalogs();
    client::Request request = client::Request::of(client::Op::ListRules);
    request.params = {{QStringLiteral("limit"), QStringLiteral("-1")}};
    studio()->client()->call(request, this, [this](const client::ClientResult &r) {
        m_list->setLoading(false);
        if (!r.ok()) {
            m_list->setError(r.errorText());
            return;
        }
        const QString keep = m_list->currentId();
        m_model->setItems(r.value.toList());
        const QString want = m_selectWhenSeen.isEmpty() ? keep : m_selectWhenSeen;
        if (!want.isEmpty() && m_list->select(want))
            m_selectWhenSeen.clear();
        else if (m_showing.isEmpty() && !m_editor->isDirty() && m_editor->ruleRef().isEmpty()
                 && m_editor->rule()[u"name"].toString().isEmpty() && m_model->rowCount() > 0)
            m_list->view()->setCurrentIndex(m_list->proxy()->index(0, 1));  // show a rule, not an empty form
    });
}

void RulesPage::showObject(const QString &id)
{
    if (!m_list->select(id))
        m_selectWhenSeen = id;  // after the list loads
}

bool RulesPage::maySwitch()
{
    if (!m_editor->isDirty())
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved rule"), tr("The rule %1 has unsaved changes.").arg(m_editor->rule()[u"name"].toString()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        m_editor->save();
    return answer != QMessageBox::Cancel;
}

void RulesPage::selectionChanged(const Value &rule)
{
    const QString ref = rule[u"ref"].toString();
    if (ref.isEmpty() || ref == m_showing)
        return;
    if (!maySwitch()) {
        const QSignalBlocker block(m_list);
        m_list->select(m_showing);
        return;
    }
    m_showing = ref;
    m_editor->setRule(rule);
    Q_EMIT subtitleChanged(ref);
}

void RulesPage::newRule()
{
    if (!maySwitch())
        return;
    m_showing.clear();
    m_list->view()->clearSelection();
    const QString pack = m_list->current()[u"pack"].toString();
    m_editor->newRule(pack);
    Q_EMIT subtitleChanged(tr("New rule"));
}

void RulesPage::toggleEnabled(const Value &rule)
{
    const QString ref = rule[u"ref"].toString();
    if (ref.isEmpty())
        return;
    const bool enable = !rule[u"enabled"].toBool();
    Value changed = sendable(rule);
    changed.dictRef().insert(QStringLiteral("enabled"), enable);
    // The secrets in a listed rule are masked; the engine keeps the stored ones.
    studio()->undoStack()->push(new ClientEditCommand(
        studio(), enable ? tr("Enable rule %1").arg(ref) : tr("Disable rule %1").arg(ref),
        client::Request::of(client::Op::UpdateRule, ref, changed),
        client::Request::of(client::Op::UpdateRule, ref, sendable(rule))));
}

void RulesPage::withUnmaskedRule(const QString &ref, std::function<void(const Value &rule)> then)
{
    // A listed rule has its secrets masked; what is re-created (a copy, an undone
    // delete) must carry the real ones, which only an admin may read.
    studio()->client()->call(client::Request::of(client::Op::GetRule, ref, {}, {{QStringLiteral("show_secrets"), QStringLiteral("true")}}),
                             this, [this, ref, then = std::move(then)](const client::ClientResult &r) {
                                 if (!r.ok()) {
                                     studio()->tell(tr("Could not read rule %1: %2").arg(ref, r.errorText()), 0);
                                     return;
                                 }
                                 then(r.value);
                             });
}

void RulesPage::duplicateCurrent()
{
    const QString original = m_list->current()[u"ref"].toString();
    if (original.isEmpty())
        return;
    withUnmaskedRule(original, [this](const Value &rule) {
        Value copy = sendable(rule);
        for (const char *key : {"id", "ref", "uid", "metadata_file"})
            copy.dictRef().remove(QString::fromLatin1(key));
        QString name = rule[u"name"].toString() + QStringLiteral("_copy");
        for (int n = 2; m_model->rowOf(rule[u"pack"].toString() + u'.' + name) >= 0; ++n)
            name = rule[u"name"].toString() + QStringLiteral("_copy%1").arg(n);
        copy.dictRef().insert(QStringLiteral("name"), name);
        // A copy starts disabled: two rules must not both fire while one is being changed.
        copy.dictRef().insert(QStringLiteral("enabled"), false);
        const QString ref = rule[u"pack"].toString() + u'.' + name;
        m_selectWhenSeen = ref;
        studio()->undoStack()->push(new ClientEditCommand(studio(), tr("Duplicate rule %1").arg(rule[u"ref"].toString()),
                                                          client::Request::of(client::Op::CreateRule, {}, copy),
                                                          client::Request::of(client::Op::DeleteRule, ref)));
    });
}

void RulesPage::deleteCurrent()
{
    const QString ref = m_list->current()[u"ref"].toString();
    if (ref.isEmpty())
        return;
    withUnmaskedRule(ref, [this, ref](const Value &rule) {
        // Undo re-creates it from the document (with its id, so links still work).
        studio()->undoStack()->push(new ClientEditCommand(studio(), tr("Delete rule %1").arg(ref),
                                                          client::Request::of(client::Op::DeleteRule, ref),
                                                          client::Request::of(client::Op::CreateRule, {}, sendable(rule))));
    });
}

void RulesPage::onEvents(const engine::EventBatch &batch)
{
    for (const engine::Event &e : batch) {
        switch (e.kind) {
        case engine::EventKind::RuleCreate:
        case engine::EventKind::RuleUpdate: {
            const QString ref = e.doc[u"ref"].toString();
            // The event carries the stored document; the list shows no secrets,
            // the editor refetches the masked one.
            m_model->upsert(e.doc);
            if (ref == m_selectWhenSeen && m_list->select(ref))
                m_selectWhenSeen.clear();
            if (ref == m_showing && !m_editor->isDirty()) {
                studio()->client()->call(client::Request::of(client::Op::GetRule, ref), this,
                                         [this, ref](const client::ClientResult &r) {
                                             if (r.ok() && ref == m_showing && !m_editor->isDirty())
                                                 m_editor->setRule(r.value);
                                         });
            }
            break;
        }
        case engine::EventKind::RuleDelete: {
            const QString ref = e.doc[u"ref"].toString();
            m_model->removeId(ref);
            if (ref == m_showing && !m_editor->isDirty()) {
                m_showing.clear();
                m_editor->newRule(e.doc[u"pack"].toString());
            }
            break;
        }
        case engine::EventKind::PacksRegister:
        case engine::EventKind::ActionCreate:
        case engine::EventKind::ActionDelete:
            if (isLoaded())
                m_editor->reloadCatalogs();
            break;
        default:
            break;
        }
    }
}

} // namespace squall::ui
