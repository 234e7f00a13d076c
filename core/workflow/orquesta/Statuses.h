#pragma once

#include <QString>
#include <QStringView>

// Orquesta's status vocabulary (workflow and task share it). "null" is the
// unset status, spelled the way Orquesta serialises it.
namespace squall::orquesta::status {

inline const QString Requested = QStringLiteral("requested");
inline const QString Scheduled = QStringLiteral("scheduled");
inline const QString Delayed = QStringLiteral("delayed");
inline const QString Running = QStringLiteral("running");
inline const QString Pending = QStringLiteral("pending");
inline const QString Pausing = QStringLiteral("pausing");
inline const QString Paused = QStringLiteral("paused");
inline const QString Resuming = QStringLiteral("resuming");
inline const QString Succeeded = QStringLiteral("succeeded");
inline const QString Failed = QStringLiteral("failed");
inline const QString Expired = QStringLiteral("timeout");
inline const QString Abandoned = QStringLiteral("abandoned");
inline const QString Retrying = QStringLiteral("retrying");
inline const QString Canceling = QStringLiteral("canceling");
inline const QString Canceled = QStringLiteral("canceled");
inline const QString Unset = QStringLiteral("null");

bool isValid(QStringView s);
bool isStarting(QStringView s);   // requested scheduled delayed running pending
bool isRunning(QStringView s);    // requested scheduled delayed running resuming retrying
bool isActive(QStringView s);     // requested scheduled delayed running resuming pausing canceling
bool isPause(QStringView s);      // pausing paused
bool isCancel(QStringView s);     // canceling canceled
bool isAbended(QStringView s);    // failed timeout abandoned
bool isCompleted(QStringView s);  // succeeded failed timeout abandoned canceled

} // namespace squall::orquesta::status
