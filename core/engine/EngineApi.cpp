// EngineApi is an interface; this file gives its library (and EngineEvents'
// meta-object) a home, so the REST layer can use it without linking the engine.
#include "engine/EngineApi.h"
