#pragma once

#include "base/Value.h"

#include <QTextStream>

namespace squall::cli {

// The interactive half of `squall inquiry respond`: one question per property
// of the inquiry's JSON schema, typed by the property's `type` (boolean,
// integer, number, string, array, object) or `enum`, with its description
// and default shown. An empty answer takes the default; an optional property
// without one is left out. Wrong answers are explained and asked again. The
// server still validates the whole response against the schema.
class InquiryPrompt
{
public:
    InquiryPrompt(QTextStream &in, QTextStream &out) : m_in(in), m_out(out) { }
    Q_DISABLE_COPY_MOVE(InquiryPrompt)

    // The response object for `schema` (an object schema with `properties`).
    // Throws CliError when the input ends before every question is answered.
    Value ask(const Value &schema);

private:
    Value askProperties(const Value &properties, const QString &prefix);
    // Whether a value was given; *out holds it.
    bool askOne(const QString &name, const Value &spec, Value *out);
    bool askEnum(const QString &name, const Value &spec, const Value &choices, bool many, Value *out);
    bool askObjectList(const QString &name, const Value &spec, Value *out);
    QString readLine(const QString &name);
    bool confirm(const QString &question, bool byDefault);

    QTextStream &m_in;
    QTextStream &m_out;
};

} // namespace squall::cli
