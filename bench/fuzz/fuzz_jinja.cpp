// libFuzzer target: see FuzzEntries.h for what squall::fuzz::jinja() exercises.
#include "FuzzEntries.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    squall::fuzz::jinja(QByteArrayView(data, qsizetype(size)));
    return 0;
}
