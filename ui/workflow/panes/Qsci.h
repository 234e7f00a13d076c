#pragma once
// QScintilla's headers use the `signals` / `slots` keywords, which the
// project turns off (QT_NO_KEYWORDS); include them through here.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#include <Qsci/qscicommand.h>
#include <Qsci/qscicommandset.h>
#include <Qsci/qscilexeryaml.h>
#include <Qsci/qsciscintilla.h>
#include <Qsci/qscistyle.h>
#undef signals
#undef slots
