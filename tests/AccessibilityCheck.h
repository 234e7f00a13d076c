#pragma once
// Which interactive controls under a widget a screen reader could not name:
// the accessibility check every GUI test shares.
#include "ui/common/JsonTreeView.h"
#include "ui/common/SchemaForm.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStringList>
#include <QTabBar>
#include <QTabWidget>
#include <QTextEdit>
#include <QWidget>

namespace squall::test {

enum class Accessibility {
    // The controls a page builds, each with an explicit accessible name. The
    // shared form and JSON widgets are checked in their own tests, and Qt's
    // own sub-controls (spin box editors, tab scrollers, line-edit icons,
    // headers, combo box parts) are named by Qt: their insides are passed over.
    PageControls,
    // Every control in a window as a screen reader meets it (the name
    // QAccessible reports, so a button's text counts), the shared widgets'
    // insides too; see also undescribedControls().
    Strict,
};

namespace accessibility_detail {

inline bool insideNamedOwner(const QWidget *w, const QWidget *root)
{
    for (const QWidget *p = w->parentWidget(); p && p != root; p = p->parentWidget()) {
        if (qobject_cast<const ui::SchemaForm *>(p) || qobject_cast<const ui::JsonTreeView *>(p)
            || qobject_cast<const QTabBar *>(p) || qobject_cast<const QLineEdit *>(p)
            || qobject_cast<const QAbstractSpinBox *>(p) || qobject_cast<const QComboBox *>(p)
            || qobject_cast<const QAbstractItemView *>(p))
            return true;
    }
    return false;
}

// Parts Qt builds inside its own widgets (a combo box's line edit and popup, a
// tab bar's scroll arrows, a line edit's clear button, a view's header): the
// screen reader reads their owner.
inline bool isQtInternal(const QWidget *w)
{
    for (const QWidget *p = w->parentWidget(); p; p = p->parentWidget()) {
        if (qobject_cast<const QComboBox *>(p) || qobject_cast<const QTabBar *>(p)
            || qobject_cast<const QAbstractSpinBox *>(p) || qobject_cast<const QLineEdit *>(p))
            return true;
        if (p->inherits("QComboBoxPrivateContainer") || p->inherits("QCalendarWidget"))
            return true;
    }
    return qobject_cast<const QHeaderView *>(w) || w->inherits("QTableCornerButton")
           || w->objectName().startsWith(QStringLiteral("qt_"));
}

inline bool isControl(const QWidget *w, Accessibility level)
{
    if (qobject_cast<const QAbstractButton *>(w) || qobject_cast<const QLineEdit *>(w)
        || qobject_cast<const QComboBox *>(w) || qobject_cast<const QAbstractSpinBox *>(w)
        || qobject_cast<const QPlainTextEdit *>(w) || qobject_cast<const QAbstractItemView *>(w))
        return true;
    // A page names its tab widget; a screen reader meets the tab bar inside it.
    return level == Accessibility::Strict
               ? qobject_cast<const QTextEdit *>(w) || qobject_cast<const QTabBar *>(w)
               : qobject_cast<const QTabWidget *>(w) != nullptr;
}

// The controls `level` checks under `root`.
inline QList<QWidget *> controls(QWidget *root, Accessibility level)
{
    QList<QWidget *> out;
    for (QWidget *w : root->findChildren<QWidget *>()) {
        if (!isControl(w, level))
            continue;
        const bool skipped = level == Accessibility::Strict
                                 ? isQtInternal(w)
                                 : insideNamedOwner(w, root) || qobject_cast<QHeaderView *>(w);
        if (!skipped)
            out.append(w);
    }
    return out;
}

// `w` by the object names (or classes) from the window down, to find it by.
inline QString describe(const QWidget *w)
{
    QStringList path;
    for (const QWidget *p = w; p; p = p->parentWidget())
        path.prepend(p->objectName().isEmpty() ? QString::fromLatin1(p->metaObject()->className()) : p->objectName());
    return path.join(u'/');
}

inline QString accessibleText(QWidget *w, QAccessible::Text which)
{
    QAccessibleInterface *a = QAccessible::queryAccessibleInterface(w);
    return a ? a->text(which).trimmed() : QString();
}

} // namespace accessibility_detail

// Interactive controls under `root` a screen reader could not name, each
// given by its path of object names.
inline QStringList unnamedControls(QWidget *root, Accessibility level = Accessibility::PageControls)
{
    using namespace accessibility_detail;
    QStringList out;
    for (QWidget *w : controls(root, level)) {
        const QString name = level == Accessibility::Strict ? accessibleText(w, QAccessible::Name) : w->accessibleName();
        if (name.isEmpty())
            out.append(describe(w));
    }
    return out;
}

// Strict: the controls without a description read after the name (an
// explicit one, or the tooltip), each with its name.
inline QStringList undescribedControls(QWidget *root)
{
    using namespace accessibility_detail;
    QStringList out;
    for (QWidget *w : controls(root, Accessibility::Strict)) {
        if (accessibleText(w, QAccessible::Description).isEmpty())
            out.append(describe(w) + QStringLiteral(" (") + accessibleText(w, QAccessible::Name) + u')');
    }
    return out;
}

} // namespace squall::test
