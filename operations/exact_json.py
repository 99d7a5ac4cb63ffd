"""Django's JSON fixtures without the loss of precision: times keep their microseconds.

``DjangoJSONEncoder`` cuts datetimes to milliseconds, so a backup written with the stock
``json`` format would not give back the same revision and publication times. Registered as
the ``json-exact`` serialization format (``SERIALIZATION_MODULES``).
"""

import datetime

from django.core.serializers.json import Deserializer as JsonDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JsonSerializer


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(JsonSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = JsonDeserializer
