// libFuzzer target: see FuzzEntries.h for what squall::fuzz::json() exercises.
#include "FuzzEntries.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    squall::fuzz::json(QByteArrayView(data, qsizetype(size)));
    return 0;
}
