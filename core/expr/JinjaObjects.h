#pragma once

#include "base/Value.h"

// Runtime objects a template can hold in a variable: `loop` and namespace().
namespace squall::expr::jinja {

class LoopObject final : public ValueObject
{
public:
    Value attribute(const QString &name) const override;
    Value resolve() const override;

    const ValueList *items = nullptr;
    qsizetype index0 = 0;
    mutable ValueList lastChanged;
};

class NamespaceObject final : public ValueObject
{
public:
    explicit NamespaceObject(ValueDict init) : values(std::move(init)) { }
    Value attribute(const QString &name) const override { return values.value(name); }
    Value resolve() const override { return QStringLiteral("<Namespace %1>").arg(QString::number(values.size())); }

    mutable ValueDict values;
};

} // namespace squall::expr::jinja
