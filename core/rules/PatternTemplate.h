#pragma once

#include "base/Value.h"

#include <memory>

namespace squall::expr {
class Scope;
class Template;
}

namespace squall::rules {

// A criteria pattern string with Jinja in it. StackStorm renders each
// `{{ expr }}` through `to_complex` (json.dumps) and JSON-decodes the result,
// so "{{ trigger.count }}" compares as an int; when the result is not JSON
// the pattern is rendered again as a plain string.
class PatternTemplate
{
public:
    // Throws SquallException kind "TemplateSyntaxError".
    explicit PatternTemplate(const QString &source);

    Value render(const expr::Scope &scope) const;
    const QString &source() const { return m_source; }

    // `{{ x }}` -> `{{ (x) | to_complex }}`, keeping whitespace-control dashes.
    static QString rewriteForComplex(const QString &source);

private:
    QString m_source;
    std::shared_ptr<const expr::Template> m_complex;  // null when there is no {{ }}
    std::shared_ptr<const expr::Template> m_plain;
};

} // namespace squall::rules
