// EngineApi is an interface; this file gives its library a home, so the REST
// layer and the client can use it without linking the engine.
#include "engine/EngineApi.h"
