// squall-studio-shots: seeds a data dir with a little of everything, opens the
// studio on it and saves a picture of every page, for docs/screenshots and
// for looking at the pages the way a user does. Run it through
// installer/screenshots.sh (under Xvfb, at the sizes the docs show).
#include "StudioLauncher.h"
#include "client/BlockingClient.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/Page.h"
#include "ui/shell/Theme.h"
#include "ui/workflow/canvas/DesignerCanvas.h"
#include "ui/workflows/WorkflowDesigner.h"
#include "ui/workflows/WorkflowRunPanel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QScreen>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include "base/Json.h"

using namespace squall;

namespace {

void settle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

Value dict(std::initializer_list<ValueDict::Entry> entries)
{
    return makeDict(entries);
}

// A little of everything a page shows: runs that succeeded and failed, a
// workflow with its tasks, one waiting for an answer, a rule fired by its
// webhook, keys (one secret).
void seed(client::Client *c, const QString &sourceDir)
{
    client::BlockingClient api(c);
    auto run = [&](const QString &ref, const Value &parameters) {
        api.call(client::Op::CreateExecution, {}, dict({{QStringLiteral("action"), ref}, {QStringLiteral("parameters"), parameters}}));
    };
    run(QStringLiteral("core.local"), dict({{QStringLiteral("cmd"), QStringLiteral("uname -a")}}));
    run(QStringLiteral("core.local"), dict({{QStringLiteral("cmd"), QStringLiteral("df -h / | tail -1")}}));
    run(QStringLiteral("core.local"), dict({{QStringLiteral("cmd"), QStringLiteral("echo disk full >&2; exit 3")}}));
    run(QStringLiteral("core.echo"), dict({{QStringLiteral("message"), QStringLiteral("Hello from Squall")}}));
    run(QStringLiteral("examples.orquesta-sequential"), dict({{QStringLiteral("name"), QStringLiteral("Ineat")}}));
    run(QStringLiteral("examples.orquesta-ask"), dict({}));
    QFile rule(sourceDir + QStringLiteral("/docs/examples/sample2_rule_with_webhook.json"));
    if (rule.open(QIODevice::ReadOnly)) {
        Value doc = json::parse(rule.readAll());
        doc.dictRef().remove(u"id");
        api.call(client::Op::CreateRule, {}, doc);
    }
    client::Request hook = client::Request::of(client::Op::PostWebhook, QStringLiteral("ineat"),
                                               dict({{QStringLiteral("foo"), QStringLiteral("bar")},
                                                     {QStringLiteral("name"), QStringLiteral("test")}}));
    api.call(hook);
    api.call(client::Op::SetKey, QStringLiteral("deploy.target"), dict({{QStringLiteral("value"), QStringLiteral("eu-west-1")}}));
    api.call(client::Op::SetKey, QStringLiteral("deploy.window"),
             dict({{QStringLiteral("value"), QStringLiteral("22:00-23:00")}, {QStringLiteral("ttl"), 86400}}));
    api.call(client::Op::SetKey, QStringLiteral("slack.token"),
             dict({{QStringLiteral("value"), QStringLiteral("xoxb-not-a-real-token")}, {QStringLiteral("secret"), true}}));
}

// A pack with one large workflow for the designer's pictures: maintenance
// of 40 regions, each checked, drained, patched, verified and put back, with
// a repair path when verification fails.
QString writeLargePack(const QString &root)
{
    const QString pack = root + QStringLiteral("/fleet");
    QDir().mkpath(pack + QStringLiteral("/actions/workflows"));
    auto write = [](const QString &path, const QByteArray &data) {
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(data);
    };
    write(pack + QStringLiteral("/pack.yaml"), "---\nname: fleet\nref: fleet\ndescription: Fleet maintenance.\nversion: 1.0.0\nauthor: Squall\n");
    write(pack + QStringLiteral("/actions/maintenance.yaml"),
          "---\nname: maintenance\npack: fleet\nrunner_type: orquesta\nentry_point: workflows/maintenance.yaml\n"
          "description: Patch every region, one after the other (200 tasks).\nenabled: true\nparameters: {}\n");
    QByteArray y = "version: 1.0\ndescription: Patch every region, one after the other.\ntasks:\n";
    const char *steps[] = {"check", "drain", "patch", "verify", "restore"};
    for (int r = 0; r < 40; ++r) {
        for (int s = 0; s < 5; ++s) {
            const QByteArray name = QByteArray(steps[s]) + "_r" + QByteArray::number(r);
            y += "  " + name + ":\n    action: " + (s == 2 ? "core.local cmd=\"true\"" : "core.noop") + "\n";
            QByteArray next;
            if (s < 4)
                next = QByteArray(steps[s + 1]) + "_r" + QByteArray::number(r);
            else if (r < 39)
                next = "check_r" + QByteArray::number(r + 1);
            if (!next.isEmpty())
                y += "    next:\n      - when: <% succeeded() %>\n        do: " + next + "\n";
            if (s == 3)
                y += "      - when: <% failed() %>\n        do: patch_r" + QByteArray::number(r) + "\n";
        }
    }
    write(pack + QStringLiteral("/actions/workflows/maintenance.yaml"), y);
    return root;
}

// Selects the first row of the page's main list when nothing is selected, so
// the detail side shows something.
void selectSomething(QWidget *page)
{
    for (QAbstractItemView *view : page->findChildren<QAbstractItemView *>()) {
        if (view->isVisible() && view->objectName().endsWith(u"List") && view->model() &&
            view->model()->rowCount() > 0 && !view->currentIndex().isValid()) {
            view->setCurrentIndex(view->model()->index(0, 0));
            return;
        }
    }
}

bool save(QWidget *window, const QString &out, const QString &name, QSize size, bool dark)
{
    const QString file = QStringLiteral("%1/%2-%3x%4%5.png")
                             .arg(out, name)
                             .arg(size.width())
                             .arg(size.height())
                             .arg(dark ? QStringLiteral("-dark") : QString());
    if (!window->grab().save(file)) {
        QTextStream(stderr) << "squall-studio-shots: cannot write " << file << '\n';
        return false;
    }
    QTextStream(stdout) << file << '\n';
    return true;
}

// The designer: a 10-task and a 200-task workflow, a run going by, a failed run.
int designerShots(ui::MainWindow *window, client::Client *c, const QString &out, QSize size, bool dark)
{
    int rc = 0;
    auto *designer = window->findChild<ui::WorkflowDesigner *>();
    if (!designer)
        return 1;
    auto open = [&](const QString &ref) {
        window->showPage(QStringLiteral("workflows"), ref);
        for (int i = 0; i < 50 && !(designer->isOpen() && designer->actionRef() == ref); ++i)
            settle(100);
        settle(600);
    };
    client::BlockingClient api(c);
    auto run = [&](const Value &parameters) {
        const client::ClientResult r = api.call(client::Op::CreateExecution, {},
                                                dict({{QStringLiteral("action"), QStringLiteral("examples.orquesta-deploy")},
                                                      {QStringLiteral("parameters"), parameters}}));
        return r.value[u"id"].toString();
    };

    open(QStringLiteral("examples.orquesta-deploy"));
    designer->canvas()->selectTasks({QStringLiteral("deploy_hosts")});
    settle(400);
    rc |= !save(window, out, QStringLiteral("designer-10"), size, dark);

    const QString failed = run(dict({{QStringLiteral("smoke_cmd"), QStringLiteral("echo smoke test failed >&2; exit 1")}}));
    settle(2500);
    designer->runPanel()->follow(failed);
    settle(1200);
    designer->canvas()->selectTasks({QStringLiteral("smoke_test")});
    settle(600);
    rc |= !save(window, out, QStringLiteral("designer-failed"), size, dark);

    const QString running = run(dict({{QStringLiteral("pause"), 4}}));
    designer->runPanel()->follow(running);
    settle(5500);  // the preparations are done, the hosts are being deployed
    rc |= !save(window, out, QStringLiteral("designer-run"), size, dark);

    open(QStringLiteral("fleet.maintenance"));
    settle(600);
    rc |= !save(window, out, QStringLiteral("designer-200"), size, dark);
    return rc;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Squall"));
    QApplication::setApplicationName(QStringLiteral("Squall Studio Shots"));
    QApplication::setApplicationVersion(QStringLiteral(SQUALL_VERSION));
    QTextStream err(stderr);
    const QStringList args = QApplication::arguments();
    const QString out = args.value(args.indexOf(QStringLiteral("--out")) + 1);
    const bool dark = args.contains(QStringLiteral("--dark"));
    if (!args.contains(QStringLiteral("--out")) || out.isEmpty()) {
        err << "usage: squall-studio-shots --out DIR [--dark] [--pages a,b,...] [--designer]\n";
        return 2;
    }
    QStringList pages = {QStringLiteral("history"), QStringLiteral("actions"), QStringLiteral("rules"),
                         QStringLiteral("packs"), QStringLiteral("triggers"), QStringLiteral("inquiries"),
                         QStringLiteral("workflows"), QStringLiteral("datastore")};
    if (args.contains(QStringLiteral("--pages")))
        pages = args.value(args.indexOf(QStringLiteral("--pages")) + 1).split(u',');
    QDir().mkpath(out);
    QTemporaryDir data;
    qputenv("XDG_CONFIG_HOME", QByteArray(data.path().toUtf8() + "/config"));
    ui::Theme::apply(dark ? ui::Theme::Mode::Dark : ui::Theme::Mode::Light);

    StudioOptions options;
    options.dataDir = data.path() + QStringLiteral("/data");
    options.packDirs << QStringLiteral(SQUALL_SOURCE_DIR "/packs") << writeLargePack(data.path() + QStringLiteral("/packs"));
    options.listen = QStringLiteral("127.0.0.1:0");
    StudioLauncher launcher;
    int rc = 0;
    QObject::connect(&launcher, &StudioLauncher::failed, &app, [&](const QString &why) {
        err << "squall-studio-shots: " << why << '\n';
        rc = 1;
        QApplication::quit();
    });
    QObject::connect(&launcher, &StudioLauncher::ready, &app, [&](ui::MainWindow *window) {
        seed(launcher.client(), QStringLiteral(SQUALL_SOURCE_DIR));
        window->setGeometry(window->screen()->geometry());
        window->show();
        settle(2500);  // the runs finish, the workflow asks
        const QSize size = window->screen()->size();
        // What each page shows selected: something with content beside it.
        const QHash<QString, QString> selected = {
            {QStringLiteral("actions"), QStringLiteral("core.local")},
            {QStringLiteral("rules"), QStringLiteral("ineat.sample_rule_with_webhook")},
            {QStringLiteral("triggers"), QStringLiteral("core.st2.webhook")},
            {QStringLiteral("workflows"), QStringLiteral("examples.orquesta-sequential")},
            {QStringLiteral("datastore"), QStringLiteral("deploy.window")},
        };
        for (const QString &page : std::as_const(pages)) {
            window->showPage(page);
            if (selected.contains(page)) {
                settle(500);
                window->showPage(page, selected.value(page));
            }
            settle(700);
            selectSomething(window->currentPage());
            settle(900);
            const QString file = QStringLiteral("%1/%2-%3x%4%5.png")
                                     .arg(out, page)
                                     .arg(size.width())
                                     .arg(size.height())
                                     .arg(dark ? QStringLiteral("-dark") : QString());
            if (!window->grab().save(file)) {
                err << "squall-studio-shots: cannot write " << file << '\n';
                rc = 1;
            } else {
                QTextStream(stdout) << file << '\n';
            }
        }
        if (args.contains(QStringLiteral("--designer")))
            rc |= designerShots(window, launcher.client(), out, size, dark);
        window->close();
        QApplication::quit();
    });
    launcher.start(options);
    QApplication::exec();
    return rc;
}
