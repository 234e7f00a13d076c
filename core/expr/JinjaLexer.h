#pragma once

#include "base/Value.h"

#include <QList>
#include <QString>

namespace squall::expr::jinja {

enum class Tok : quint8 {
    Data, VarBegin, VarEnd, BlockBegin, BlockEnd, Name, String, Integer, Float, Operator, End
};

struct Token
{
    Tok type = Tok::End;
    QString text;   // name, operator, data or decoded string
    Value number;   // Integer / Float
    int line = 1;
    int column = 1;
};

struct LexResult
{
    QList<Token> tokens;
    bool sawTags = false;
};

// Splits a template into data and tag tokens, applying StackStorm's
// trim_blocks + lstrip_blocks, `-`/`+` whitespace control, {% raw %} and
// comments. Throws SquallException kind "TemplateSyntaxError".
LexResult lex(const QString &source);

[[noreturn]] void syntaxError(const QString &message, int line, int column);

} // namespace squall::expr::jinja
