#pragma once

#include "ApiClient.h"
#include "ClientConfig.h"
#include "base/Value.h"

#include <QString>
#include <QStringList>
#include <QTextStream>

#include <memory>

namespace squall::cli {

class ParsedArgs;

// What a command handler works with: the parsed arguments' shared options,
// the API client and the output streams.
class CommandContext
{
public:
    CommandContext(ClientConfig config, QTextStream &out, QTextStream &err);
    ~CommandContext();
    Q_DISABLE_COPY_MOVE(CommandContext)

    ApiClient &api();
    const ClientConfig &config() const { return m_config; }
    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }
    int width() const { return m_width; }
    void setWidth(int w) { m_width = w; }

    // -j / -y / table output of a list, with -a attribute selection and -w widths.
    void printList(const ValueList &items, const QStringList &defaultAttributes, const ParsedArgs &args);
    // -j / -y / property table of one resource.
    void printObject(const Value &item, const QStringList &displayOrder, const ParsedArgs &args);
    // -j / -y when asked; returns false when the caller should print text.
    bool printStructured(const Value &v, const ParsedArgs &args);

    static QStringList attributeArgs(const ParsedArgs &args, const QString &key = QStringLiteral("attr"));
    static QList<int> widthArgs(const ParsedArgs &args);

private:
    ClientConfig m_config;
    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<ApiClient> m_api;
    int m_width = 120;
};

} // namespace squall::cli
