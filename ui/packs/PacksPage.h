#pragma once

#include "base/Value.h"
#include "ui/shell/Page.h"

class QLabel;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTreeWidget;

namespace squall::engine {
struct Event;
}

namespace squall::ui {

class ListPane;
class ResourceTableModel;
class SchemaForm;

// Installed packs: what each holds (actions, workflows, rules, sensors,
// triggers; activating one opens it on its page), its configuration as a form
// generated from config.schema.yaml (secrets masked, saving undoable), reload
// of every pack from disk, and installing a pack from a local folder.
class PacksPage final : public Page
{
    Q_OBJECT
public:
    explicit PacksPage(Studio *studio, QWidget *parent = nullptr);

    QString pageId() const override { return QStringLiteral("packs"); }
    QString title() const override { return tr("Packs"); }
    QString iconName() const override { return QStringLiteral("packs"); }
    void showObject(const QString &id) override;
    void focusSearch() override;
    void reload() override;

    // Re-reads every pack from disk (register).
    void registerPacks();
    // Asks for a folder holding pack.yaml and installs it.
    void chooseAndInstall();
    // Copies the pack folder into the engine's packs and registers it;
    // `force` replaces an installed pack of the same name.
    void installFrom(const QString &folder, bool force = false);
    void saveConfig();

private:
    void showPack(const Value &pack);
    void loadContents(const QString &pack);
    void loadConfig(const QString &pack);
    void onEvent(const engine::Event &event) override;

    ResourceTableModel *m_model;
    ListPane *m_list;
    QSplitter *m_splitter = nullptr;
    QLabel *m_heading;
    QTabWidget *m_tabs;
    QTreeWidget *m_contents;
    SchemaForm *m_config;
    QLabel *m_configNote;
    QPushButton *m_saveConfig;
    QString m_pack;
    Value m_configPlain;   // the stored config, secrets included (what undo restores)
    QString m_pendingSelect;
    int m_contentsGeneration = 0;  // answers for an older contents load are dropped
};

} // namespace squall::ui
