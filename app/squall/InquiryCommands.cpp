#include "ArgParser.h"
#include "CommandContext.h"
#include "Handlers.h"
#include "InquiryPrompt.h"
#include "base/Json.h"

#include <QUrl>

#include <cstdio>

namespace squall::cli::handlers {

int inquiryRespond(CommandContext &ctx, const ParsedArgs &args)
{
    const QString id = args.positional(QStringLiteral("id"));
    const QString path = QStringLiteral("/api/v1/inquiries/") + QString::fromLatin1(QUrl::toPercentEncoding(id));
    Value response;
    if (args.isSet(QStringLiteral("response"))) {
        json::ParseError pe;
        response = json::parse(args.value(QStringLiteral("response")).toUtf8(), &pe);
        if (!pe.ok() || !response.isDict())
            throw CliError{QStringLiteral("-r/--response must be a JSON object, e.g. '{\"approved\": true}'"), 2};
    } else {
        // Asking about an inquiry that cannot be answered would waste the
        // person's time: the GET fails first (unknown, expired, answered).
        const ApiReply inquiry = ctx.api().get(path);
        QTextStream in(stdin);
        InquiryPrompt prompt(in, ctx.out());
        response = prompt.ask(inquiry.json[u"schema"]);
        ctx.out() << '\n';
    }
    const ApiReply reply = ctx.api().put(path, makeDict({{QStringLiteral("id"), Value(id)},
                                                         {QStringLiteral("response"), response}}));
    if (!ctx.printStructured(reply.json, args))
        ctx.out() << "Response accepted for inquiry " << id << ".\n";
    return 0;
}

} // namespace squall::cli::handlers
