#pragma once

#include "base/Value.h"
#include "ui/shell/Page.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QSplitter;

namespace squall::engine {
struct Event;
}

namespace squall::ui {

class ListPane;
class ResourceTableModel;

// The key-value datastore: keys of one scope (system, or a user's), an editor
// for the selected or a new key, secrets hidden until revealed, expiry shown.
// Saves and deletes are undoable: undoing an edit restores the old value,
// undoing a delete creates the key again (secret values included).
class DatastorePage final : public Page
{
    Q_OBJECT
public:
    explicit DatastorePage(Studio *studio, QWidget *parent = nullptr);

    QString pageId() const override { return QStringLiteral("datastore"); }
    QString title() const override { return tr("Datastore"); }
    QString iconName() const override { return QStringLiteral("datastore"); }
    void showObject(const QString &id) override;
    void focusSearch() override;
    void reload() override;

    // "system" or "user".
    QString scope() const;
    // A key name is letters, digits and . _ - : (it goes into URLs and Jinja).
    static bool isValidKeyName(const QString &name);

private:
    void buildEditor(QWidget *host);
    void showKey(const Value &doc);
    void newKey();
    void save();
    void remove();
    void reveal();
    void onEvent(const engine::Event &event) override;
    bool inView(const Value &doc) const;
    QHash<QString, QString> scopeParams() const;
    // The key as a SetKey body that recreates it (plain value for secrets).
    Value bodyFor(const Value &doc, const QString &plainValue) const;
    // Fetches the decrypted value of a stored secret, then calls `then`.
    void withPlainValue(const Value &doc, std::function<void(const QString &)> then);
    void setValueHidden(bool hidden);
    QString selectedUser() const;

    ResourceTableModel *m_model;
    ListPane *m_list;
    QSplitter *m_splitter = nullptr;
    QComboBox *m_scope;
    QLineEdit *m_user;
    QLabel *m_heading;
    QLineEdit *m_name;
    QPlainTextEdit *m_value;
    QCheckBox *m_secret;
    QSpinBox *m_ttl;
    QLabel *m_expiry;
    QLineEdit *m_description;
    QLabel *m_problem;
    QPushButton *m_save;
    QPushButton *m_delete;
    QPushButton *m_reveal;
    Value m_current;        // the key shown (null for a new one)
    bool m_hidden = false;  // the value box shows the mask, not the value
    QString m_pendingSelect;
};

} // namespace squall::ui
