#pragma once

#include "base/Value.h"

#include <QString>
#include <QStringList>

namespace squall::cli {

class CommandContext;
class ParsedArgs;

// How one kind of st2 resource is listed and shown.
struct ResourceInfo
{
    QString path;               // "/api/v1/rules"
    QStringList listAttributes; // default table columns
    QStringList displayOrder;   // property table order for `get`
    bool newestLast = false;    // "most recent N", shown oldest first like st2
    bool limited = false;       // sends limit (-n, default 50) even when not newestLast
};

namespace handlers {

// Generic resource commands (ResourceCommands.cpp).
int list(CommandContext &ctx, const ParsedArgs &args, const ResourceInfo &info);
int get(CommandContext &ctx, const ParsedArgs &args, const ResourceInfo &info, const QString &idArg);
int create(CommandContext &ctx, const ParsedArgs &args, const ResourceInfo &info);
int update(CommandContext &ctx, const ParsedArgs &args, const ResourceInfo &info);
int remove(CommandContext &ctx, const ParsedArgs &args, const ResourceInfo &info, const QString &idArg);
int setEnabled(CommandContext &ctx, const ParsedArgs &args, const ResourceInfo &info, bool enabled);
int packRegister(CommandContext &ctx, const ParsedArgs &args);
int triggerInstanceReEmit(CommandContext &ctx, const ParsedArgs &args);
int apikeyCreate(CommandContext &ctx, const ParsedArgs &args);
int whoami(CommandContext &ctx, const ParsedArgs &args);

// A JSON or YAML resource file (JSON first, as the seed's rule files are JSON
// documents whatever their extension). Throws CliError with file:line:column.
Value loadDocument(const QString &path);

// Executions (ExecutionCommands.cpp).
int run(CommandContext &ctx, const ParsedArgs &args);
int executionGet(CommandContext &ctx, const ParsedArgs &args);
int executionReRun(CommandContext &ctx, const ParsedArgs &args);
int executionCancel(CommandContext &ctx, const ParsedArgs &args);
int executionPauseResume(CommandContext &ctx, const ParsedArgs &args, bool pause);
int executionTail(CommandContext &ctx, const ParsedArgs &args);
// The exit code `run` uses for a finished execution: 1 when it failed, like st2.
int exitCodeForStatus(const QString &status);

// Inquiries (InquiryCommands.cpp): -r JSON, or one question per schema property on stdin.
int inquiryRespond(CommandContext &ctx, const ParsedArgs &args);

// Datastore (KeyCommands.cpp).
int keyList(CommandContext &ctx, const ParsedArgs &args);
int keyGet(CommandContext &ctx, const ParsedArgs &args);
int keySet(CommandContext &ctx, const ParsedArgs &args);
int keyDelete(CommandContext &ctx, const ParsedArgs &args);
int keyDeleteByPrefix(CommandContext &ctx, const ParsedArgs &args);
int keyLoad(CommandContext &ctx, const ParsedArgs &args);

} // namespace handlers
} // namespace squall::cli
