#pragma once

// A real engine on its own thread with the bundled packs (and any extra pack
// folders), a client, and the Studio context a page is built on.
#include "client/BlockingClient.h"
#include "client/EngineThread.h"
#include "client/InProcessClient.h"
#include "ui/common/JsonTreeView.h"
#include "ui/common/SchemaForm.h"
#include "ui/shell/Studio.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTabBar>
#include <QTabWidget>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <memory>

namespace squall::testing {

class PageTestEngine
{
public:
    PageTestEngine()
    {
        // QSettings of the pages stay out of the user's configuration.
        qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
    }
    ~PageTestEngine()
    {
        studio.reset();
        client.reset();
        engine.reset();
    }

    bool start(const QStringList &extraPackRoots = {}, QString *error = nullptr)
    {
        engine = std::make_unique<client::EngineThread>();
        engine::EngineOptions o;
        o.dataDir = m_data.path();
        o.packRoots = QStringList{QStringLiteral(SQUALL_SOURCE_DIR "/packs")} + extraPackRoots;
        o.actionTrigger = false;
        QString e;
        if (!engine->startAndWait(o, &e)) {
            if (error)
                *error = e;
            return false;
        }
        client = std::make_unique<client::InProcessClient>(engine.get(), client::InProcessClient::localAdmin());
        studio = std::make_unique<ui::Studio>(client.get(), QStringLiteral("test"));
        studio->startEvents();
        return true;
    }

    client::ClientResult call(client::Op op, const QString &id = {}, const Value &body = {},
                              const QHash<QString, QString> &params = {})
    {
        return client::BlockingClient(client.get()).call(op, id, body, params);
    }

    QString dataDir() const { return m_data.path(); }

    // Writes `text` to `path`, creating folders.
    static bool write(const QString &path, const QByteArray &text)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
    }

    // Interactive controls under `root` a screen reader could not name: those
    // without an accessible name. The shared form and JSON widgets are tested
    // where they are written, and Qt's own sub-controls (spin box editors, tab
    // scrollers, line-edit icons, headers) are named by Qt.
    static QStringList unnamedControls(QWidget *root)
    {
        QStringList out;
        for (QWidget *w : root->findChildren<QWidget *>()) {
            bool shared = false;
            for (QWidget *p = w->parentWidget(); p && p != root; p = p->parentWidget()) {
                if (qobject_cast<ui::SchemaForm *>(p) || qobject_cast<ui::JsonTreeView *>(p)
                    || qobject_cast<QTabBar *>(p) || qobject_cast<QLineEdit *>(p) || qobject_cast<QAbstractSpinBox *>(p)
                    || qobject_cast<QComboBox *>(p) || qobject_cast<QAbstractItemView *>(p))
                    shared = true;
            }
            const bool interactive = qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w)
                || qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractSpinBox *>(w)
                || qobject_cast<QPlainTextEdit *>(w) || qobject_cast<QAbstractItemView *>(w)
                || qobject_cast<QTabWidget *>(w);
            if (shared || !interactive || qobject_cast<QHeaderView *>(w))
                continue;
            if (w->accessibleName().isEmpty())
                out.append(QStringLiteral("%1 \"%2\"").arg(QString::fromLatin1(w->metaObject()->className()),
                                                          w->objectName()));
        }
        return out;
    }

    // SQUALL_SCREENSHOTS=<dir>: saves what `w` shows, to look at.
    static void shoot(QWidget *w, const QString &name)
    {
        const QString dir = qEnvironmentVariable("SQUALL_SCREENSHOTS");
        if (!dir.isEmpty())
            w->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
    }

    std::unique_ptr<client::EngineThread> engine;
    std::unique_ptr<client::InProcessClient> client;
    std::unique_ptr<ui::Studio> studio;

private:
    QTemporaryDir m_config;
    QTemporaryDir m_data;
};

} // namespace squall::testing
