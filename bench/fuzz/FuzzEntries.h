#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <stdexcept>

// One entry function per fuzz target. The libFuzzer targets (bench/fuzz/fuzz_*.cpp)
// and the regression test (tests/fuzzregress) both call these, so a stored
// crashing input is replayed through exactly the code the fuzzer ran.
//
// An entry feeds the input through the whole public path of one component and
// catches what that component throws on purpose (SquallException): those are
// answers, not findings. Anything else escapes: another exception type, a
// crash, a sanitizer report, or a broken invariant (InvariantBroken).
namespace squall::fuzz {

// What the component made of the input, stage by stage: "compile: ok",
// "render: TypeError: ...". Every stage either produced a result or a
// SquallException whose message is not empty.
struct Outcome
{
    QStringList stages;
    int results = 0;  // stages that produced a value
    int errors = 0;   // stages that threw a SquallException
};

// A property the component promises was violated (e.g. JSON that parsed does
// not re-parse to the same value after serialization).
class InvariantBroken : public std::logic_error
{
public:
    using std::logic_error::logic_error;
};

// Template source: Jinja compile, render, evaluate, undeclared variables over a
// nested context; then the same text as an Orquesta expression string.
Outcome jinja(QByteArrayView input);
// Expression text: YAQL compile + evaluate over a nested context; then the
// text as an Orquesta expression string (mixing <% %> and {{ }}): validation,
// variable extraction, evaluation.
Outcome yaql(QByteArrayView input);
// YAML text of an Orquesta workflow: load with locations, inspect, build the plan.
Outcome workflow(QByteArrayView input);
// YAML text: load with locations, look every path up, dump and reload the dump.
Outcome yaml(QByteArrayView input);
// JSON text: parse; what parses must serialize and re-parse equal.
Outcome json(QByteArrayView input);
// "Header: value" lines, an empty line, then the body: the webhook body parser
// and header filter.
Outcome webhook(QByteArrayView input);

// The targets by name ("jinja", "yaql", ...), for the regression test.
using Entry = Outcome (*)(QByteArrayView);
Entry entryByName(const QString &name);
QStringList entryNames();

} // namespace squall::fuzz
