#include "ui/packs/PacksPage.h"

#include "client/Client.h"
#include "ui/common/SchemaForm.h"
#include "ui/lists/ListDetailSplitter.h"
#include "ui/lists/ListPane.h"
#include "ui/lists/ResourceTableModel.h"
#include "ui/shell/ClientEditCommand.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

constexpr int PageRole = Qt::UserRole + 1;  // the page an item opens on

bool isWorkflowRunner(const QString &runner)
{
    return runner == u"orquesta" || runner == u"action-chain" || runner == u"mistral-v2";
}

// One group of the contents tree ("Actions (3)") with its items.
struct Group
{
    QString title;
    QString icon;
    QTreeWidgetItem *item = nullptr;
    int count = 0;
};

} // namespace

PacksPage::PacksPage(Studio *studio, QWidget *parent)
    : Page(studio, parent),
      m_model(new ResourceTableModel(QStringLiteral("ref"),
                                     {
                                         {tr("Pack"), [](const Value &p) { return p[u"ref"].toString(); }, {}, {},
                                          [](const Value &p) { return p[u"path"].toString(); }},
                                         {tr("Version"), [](const Value &p) { return p[u"version"].toString(); }},
                                         {tr("Description"), [](const Value &p) { return p[u"description"].toString(); },
                                          {}, {}, [](const Value &p) { return p[u"description"].toString(); }},
                                     },
                                     this)),
      m_list(new ListPane(QStringLiteral("packs"), tr("packs"), m_model, this))
{
    m_list->setEmptyText(tr("No packs are installed.\nUse “Install from folder…” to add one."));
    auto *install = m_list->addButton(QStringLiteral("folder"), tr("Install from folder…"), QStringLiteral("packsInstall"));
    install->setAccessibleDescription(tr("Copies a folder holding pack.yaml into the engine's packs and loads it"));
    connect(install, &QToolButton::clicked, this, &PacksPage::chooseAndInstall);
    auto *refresh = m_list->addButton(QStringLiteral("reload"), tr("Register / reload packs"), QStringLiteral("packsRegister"));
    refresh->setAccessibleDescription(tr("Reads every pack from disk again"));
    connect(refresh, &QToolButton::clicked, this, &PacksPage::registerPacks);

    QHeaderView *header = m_list->view()->header();
    header->resizeSection(0, 120);
    header->resizeSection(1, 60);

    auto *right = new QWidget(this);
    m_heading = new QLabel(tr("Select a pack."), right);
    m_heading->setObjectName(QStringLiteral("packHeading"));
    m_heading->setWordWrap(true);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tabs = new QTabWidget(right);
    m_tabs->setObjectName(QStringLiteral("packTabs"));
    m_tabs->setAccessibleName(tr("Pack details"));

    m_contents = new QTreeWidget(m_tabs);
    m_contents->setObjectName(QStringLiteral("packContents"));
    m_contents->setAccessibleName(tr("Pack contents"));
    m_contents->setAccessibleDescription(tr("Actions, workflows, rules, sensors and triggers; activate one to open it"));
    m_contents->setHeaderLabels({tr("Name"), tr("Description")});
    m_contents->setUniformRowHeights(true);
    m_contents->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    connect(m_contents, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString page = item->data(0, PageRole).toString();
        if (!page.isEmpty())
            this->studio()->show(page, item->data(0, Qt::UserRole).toString());
    });

    auto *configTab = new QWidget(m_tabs);
    m_configNote = new QLabel(configTab);
    m_configNote->setObjectName(QStringLiteral("packConfigNote"));
    m_configNote->setWordWrap(true);
    m_config = new SchemaForm(configTab);
    m_config->setObjectName(QStringLiteral("packConfigForm"));
    m_config->setAccessibleName(tr("Pack configuration"));
    auto *scroll = new QScrollArea(configTab);
    scroll->setWidget(m_config);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_saveConfig = new QPushButton(icons::get(QStringLiteral("save")), tr("Save configuration"), configTab);
    m_saveConfig->setObjectName(QStringLiteral("packConfigSave"));
    m_saveConfig->setAccessibleName(tr("Save pack configuration"));
    m_saveConfig->setAccessibleDescription(tr("Writes configs/<pack>.yaml and reloads the pack"));
    m_saveConfig->setEnabled(false);
    connect(m_saveConfig, &QPushButton::clicked, this, &PacksPage::saveConfig);
    auto *saveRow = new QHBoxLayout;
    saveRow->addStretch(1);
    saveRow->addWidget(m_saveConfig);
    auto *configLayout = new QVBoxLayout(configTab);
    configLayout->addWidget(m_configNote);
    configLayout->addWidget(scroll, 1);
    configLayout->addLayout(saveRow);

    m_tabs->addTab(m_contents, tr("Contents"));
    m_tabs->addTab(configTab, tr("Configuration"));
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_heading);
    rightLayout->addWidget(m_tabs, 1);

    m_splitter = addListDetailSplitter(this, QStringLiteral("packsSplitter"), m_list, right,
                                       {.listStretch = 2, .detailStretch = 3});

    connect(m_list, &ListPane::currentChanged, this, [this](const Value &p) {
        if (!p.isNull())
            showPack(p);
    });

    addCommand(tr("Install Pack from Folder…"), QKeySequence(), [this] { chooseAndInstall(); },
               QStringLiteral("packsInstallCommand"));
    addCommand(tr("Register / Reload Packs"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), [this] { registerPacks(); },
               QStringLiteral("packsRegisterCommand"));
    addCommand(tr("Save Pack Configuration"), QKeySequence::Save, [this] { saveConfig(); },
               QStringLiteral("packsSaveConfigCommand"));
}

void PacksPage::reload()
{
    m_list->setLoading(true);
    studio()->client()->call(
        client::Request::of(client::Op::ListPacks, {}, {}, {{QStringLiteral("limit"), QStringLiteral("0")}}), this,
        [this](const client::ClientResult &r) {
            if (!r.ok()) {
                m_list->setError(tr("Could not list packs: %1").arg(r.errorText()));
                return;
            }
            const QString keep = m_list->currentId();
            m_model->setItems(r.value.toList());
            m_list->setLoading(false);
            const QString want = m_pendingSelect.isEmpty() ? keep : m_pendingSelect;
            if (!want.isEmpty() && m_list->select(want)) {
                m_pendingSelect.clear();
                // The same pack stays selected: show what may have changed.
                if (want == m_pack)
                    showPack(m_list->current());
            } else if (m_pack.isEmpty() && m_model->rowCount() > 0) {
                m_list->view()->setCurrentIndex(m_list->view()->model()->index(0, 0));
            }
        });
}

void PacksPage::showObject(const QString &id)
{
    if (!m_list->select(id))
        m_pendingSelect = id;
}

void PacksPage::focusSearch()
{
    m_list->searchField()->setFocus(Qt::ShortcutFocusReason);
}

void PacksPage::showPack(const Value &pack)
{
    m_pack = pack[u"ref"].toString();
    QStringList lines;
    lines << tr("<b>%1</b> %2").arg(m_pack.toHtmlEscaped(), pack[u"version"].toString().toHtmlEscaped());
    if (!pack[u"description"].toString().isEmpty())
        lines << pack[u"description"].toString().toHtmlEscaped();
    QStringList facts;
    if (!pack[u"author"].toString().isEmpty())
        facts << tr("by %1").arg(pack[u"author"].toString().toHtmlEscaped());
    if (!pack[u"path"].toString().isEmpty())
        facts << tr("in <code>%1</code>").arg(QDir::toNativeSeparators(pack[u"path"].toString()).toHtmlEscaped());
    if (!facts.isEmpty())
        lines << facts.join(QStringLiteral(" · "));
    m_heading->setText(lines.join(QStringLiteral("<br>")));
    loadContents(m_pack);
    loadConfig(m_pack);
}

void PacksPage::loadContents(const QString &pack)
{
    m_contents->clear();
    const int generation = ++m_contentsGeneration;
    auto groups = std::make_shared<QList<Group>>(QList<Group>{
        {tr("Actions"), QStringLiteral("actions")},
        {tr("Workflows"), QStringLiteral("workflows")},
        {tr("Rules"), QStringLiteral("rules")},
        {tr("Sensors"), QStringLiteral("triggers")},
        {tr("Triggers"), QStringLiteral("triggers")},
    });
    for (Group &g : *groups) {
        g.item = new QTreeWidgetItem(m_contents, {g.title});
        g.item->setIcon(0, icons::get(g.icon));
        g.item->setFlags(Qt::ItemIsEnabled);
        g.item->setExpanded(true);
    }
    auto add = [this, groups, generation](int group, const QString &name, const QString &description,
                                          const QString &page, const QString &id) {
        if (generation != m_contentsGeneration)
            return;
        Group &g = (*groups)[group];
        auto *item = new QTreeWidgetItem(g.item, {name, description});
        item->setToolTip(1, description);
        item->setData(0, Qt::UserRole, id);
        item->setData(0, PageRole, page);
        ++g.count;
        g.item->setText(0, QStringLiteral("%1 (%2)").arg(g.title).arg(g.count));
    };
    const QHash<QString, QString> params{{QStringLiteral("pack"), pack}, {QStringLiteral("limit"), QStringLiteral("0")}};
    auto list = [this, params](client::Op op, std::function<void(const Value &)> each) {
        studio()->client()->call(client::Request::of(op, {}, {}, params), this,
                                 [each = std::move(each)](const client::ClientResult &r) {
                                     if (!r.ok())
                                         return;
                                     for (const Value &v : r.value.toList())
                                         each(v);
                                 });
    };
    list(client::Op::ListActions, [add](const Value &a) {
        add(isWorkflowRunner(a[u"runner_type"].toString()) ? 1 : 0, a[u"ref"].toString(),
            a[u"description"].toString(), QStringLiteral("actions"), a[u"ref"].toString());
    });
    list(client::Op::ListRules, [add](const Value &r) {
        add(2, r[u"ref"].toString(), r[u"description"].toString(), QStringLiteral("rules"), r[u"ref"].toString());
    });
    list(client::Op::ListSensorTypes, [add](const Value &s) {
        // A sensor has no page of its own; it opens the trigger it emits.
        const QString trigger = s[u"trigger_types"].toList().value(0).toString();
        add(3, s[u"ref"].toString(), s[u"description"].toString(), trigger.isEmpty() ? QString() : QStringLiteral("triggers"),
            trigger);
    });
    list(client::Op::ListTriggerTypes, [add](const Value &t) {
        add(4, t[u"ref"].toString(), t[u"description"].toString(), QStringLiteral("triggers"), t[u"ref"].toString());
    });
    for (const Group &g : std::as_const(*groups))
        g.item->setText(0, QStringLiteral("%1 (0)").arg(g.title));
}

void PacksPage::loadConfig(const QString &pack)
{
    m_saveConfig->setEnabled(false);
    m_configPlain = Value();
    m_configNote->setText(tr("Loading…"));
    studio()->client()->call(client::Op::GetConfigSchema, pack, this, [this, pack](const client::ClientResult &schema) {
        if (pack != m_pack)
            return;
        const Value attributes = schema.value[u"attributes"];
        if (!schema.ok() || !attributes.isDict() || attributes.toDict().isEmpty()) {
            m_config->setSchema(Value(ValueDict()));
            m_configNote->setText(tr("This pack has no configuration: it ships no config.schema.yaml."));
            m_tabs->setTabText(1, tr("Configuration"));
            return;
        }
        m_config->setSchema(attributes);
        m_tabs->setTabText(1, tr("Configuration (%1)").arg(attributes.toDict().size()));
        // Shown masked; the plain copy is only what undo writes back.
        studio()->client()->call(client::Op::GetConfig, pack, this, [this, pack](const client::ClientResult &r) {
            if (pack != m_pack)
                return;
            if (!r.ok()) {
                m_configNote->setText(tr("The configuration could not be read: %1").arg(r.errorText()));
                return;
            }
            m_config->setValues(r.value[u"values"]);
            m_configNote->setText(tr("Saved to configs/%1.yaml next to the packs folder; actions and sensors of the "
                                     "pack read it as <code>config_context</code>. Secrets stay hidden and are kept "
                                     "unless you type a new value.").arg(pack.toHtmlEscaped()));
            m_saveConfig->setEnabled(true);
        });
        studio()->client()->call(
            client::Request::of(client::Op::GetConfig, pack, {}, {{QStringLiteral("show_secrets"), QStringLiteral("true")}}),
            this, [this, pack](const client::ClientResult &r) {
                if (pack == m_pack && r.ok())
                    m_configPlain = r.value[u"values"];
            });
    });
}

void PacksPage::saveConfig()
{
    if (m_pack.isEmpty() || !m_saveConfig->isEnabled())
        return;
    if (!m_config->validate()) {
        studio()->tell(tr("The configuration has problems; see the marked fields."));
        return;
    }
    const QString pack = m_pack;
    std::optional<client::Request> undo;
    if (m_configPlain.isDict())
        undo = client::Request::of(client::Op::UpdateConfig, pack, m_configPlain);
    auto *cmd = new ClientEditCommand(studio(), tr("Save configuration of %1").arg(pack),
                                      client::Request::of(client::Op::UpdateConfig, pack, m_config->values()), undo);
    cmd->setOnFirstDone([this, pack](bool ok) {
        if (ok && pack == m_pack) {
            studio()->tell(tr("Configuration of %1 saved").arg(pack));
            loadConfig(pack);
        }
    });
    studio()->undoStack()->push(cmd);
}

void PacksPage::registerPacks()
{
    studio()->tell(tr("Registering packs…"));
    studio()->client()->call(client::Request::of(client::Op::RegisterPacks, {}, Value(ValueDict())), this,
                             [this](const client::ClientResult &r) {
                                 if (!r.ok()) {
                                     studio()->tell(tr("Register failed: %1").arg(r.errorText()), 0);
                                     return;
                                 }
                                 const ValueList errors = r.value[u"errors"].toList();
                                 studio()->tell(errors.isEmpty()
                                                    ? tr("Registered %1 packs, %2 actions, %3 rules")
                                                          .arg(r.value[u"packs"].toInt())
                                                          .arg(r.value[u"actions"].toInt())
                                                          .arg(r.value[u"rules"].toInt())
                                                    : tr("Registered with %1 problem(s); first: %2")
                                                          .arg(errors.size())
                                                          .arg(errors.first().toString()),
                                                errors.isEmpty() ? 6000 : 0);
                                 reload();
                             });
}

void PacksPage::chooseAndInstall()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Install a pack from a folder"),
                                                             QSettings().value(QStringLiteral("packs/lastFolder")).toString());
    if (folder.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("packs/lastFolder"), QFileInfo(folder).absolutePath());
    installFrom(folder);
}

void PacksPage::installFrom(const QString &folder, bool force)
{
    // The engine checks too; saying it here spares a round trip and names the file.
    if (!QFileInfo::exists(QDir(folder).filePath(QStringLiteral("pack.yaml")))) {
        studio()->tell(tr("%1 is not a pack: it has no pack.yaml.").arg(QDir::toNativeSeparators(folder)), 0);
        return;
    }
    const Value body = makeDict({{QStringLiteral("packs"), ValueList{Value(QDir(folder).absolutePath())}},
                                 {QStringLiteral("force"), force}});
    studio()->client()->call(client::Request::of(client::Op::InstallPacks, {}, body), this,
                             [this, folder, force](const client::ClientResult &r) {
                                 if (!r.ok()) {
                                     if (r.status == 409 && !force && r.errorText().contains(u"force")
                                         && QMessageBox::question(this, tr("Replace pack?"),
                                                                  tr("%1\n\nReplace the installed pack with this "
                                                                     "folder?").arg(r.error->message))
                                                == QMessageBox::Yes) {
                                         installFrom(folder, true);
                                         return;
                                     }
                                     studio()->tell(tr("Install failed: %1").arg(r.errorText()), 0);
                                     return;
                                 }
                                 const QString ref = r.value[u"packs"].toList().value(0).toString();
                                 studio()->tell(tr("Installed pack %1").arg(ref));
                                 m_pendingSelect = ref;
                                 reload();
                             });
}

void PacksPage::onEvent(const engine::Event &event)
{
    using engine::EventKind;
    switch (event.kind) {
    case EventKind::PacksRegister:
        reload();
        break;
    case EventKind::ActionCreate:
    case EventKind::ActionDelete:
    case EventKind::RuleCreate:
    case EventKind::RuleDelete:
        if (!m_pack.isEmpty() && event.doc[u"pack"].toString() == m_pack)
            loadContents(m_pack);
        break;
    default:
        break;
    }
}

} // namespace squall::ui
