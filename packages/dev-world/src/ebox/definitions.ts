/**
 * The definitions of the e-Box REST API 2.1 that `POST /publishMessage` uses, copied verbatim
 * (YAML turned into JSON, nothing else changed) from `ebox-rest-2.1.yaml` of the e-Box integration
 * support repository (be-smals-thim), so the simulator validates requests without `../shared`.
 * `contract.test.ts` checks they still equal the official file. Decision 1600.
 *
 * MIT License
 *
 * Copyright (c) 2020 be-smals-thim
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy
 * of this software and associated documentation files (the "Software"), to deal
 * in the Software without restriction, including without limitation the rights
 * to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 * copies of the Software, and to permit persons to whom the Software is
 * furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in all
 * copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 * IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 * FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 * AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 * LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 * OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
 * SOFTWARE.
 */
export const EBOX_DEFINITIONS: Record<string, Record<string, unknown>> = {
  AttachmentToPublish: {
    type: 'object',
    required: ['mainContent', 'httpPartName'],
    properties: {
      attachmentTitle: {
        description:
          'Common type defined to provide a string value for each supported language among nl, fr, de, en',
        $ref: '#/definitions/TranslatedString',
      },
      httpPartName: {
        type: 'string',
        description:
          'the name of the http part that contain the bytes, filename and mime type of the document',
      },
      mainContent: {
        type: 'boolean',
        description:
          "Indicates the priority of this attachment: 'true' means that this attachment is considered as main content of the message, 'false' means this attachment is considered as an annex. Attention, the readStatus of a message will be true as soon as a 'mainContent' is consulted.",
      },
      digest: {
        description:
          'Object containing the digestValue and digestMethod describing the cryptographic hash function of an item',
        $ref: '#/definitions/Digest',
      },
      attachmentSigned: {
        type: 'boolean',
        description: 'Boolean used to indicate if the attachment is signed or not.',
        default: false,
      },
    },
    description: 'An attachment item contains the meta data of the attachment',
  },
  BusinessDataToPublish: {
    type: 'object',
    description:
      'A businessData element contains businessData concerning the message linked to it, in the form of a name and an array of values. To publish a BusinessData element, at least a key and an array of values is needed.',
    properties: {
      key: {
        type: 'string',
        description: 'Significative key of the businessData element',
      },
      name: {
        $ref: '#/definitions/TranslatedString',
      },
      description: {
        $ref: '#/definitions/TranslatedString',
      },
      values: {
        description: 'Values represented by the businessData.',
        type: 'array',
        items: {
          $ref: '#/definitions/TranslatedString',
        },
      },
    },
    required: ['key', 'values'],
  },
  Digest: {
    type: 'object',
    required: ['digestMethod', 'digestValue'],
    properties: {
      digestValue: {
        type: 'string',
        description:
          'Digest value returned by the cryptographic hash function encoded in base64url as defined in RFC 4648 §5 (https://tools.ietf.org/html/rfc4648#section-5)',
      },
      digestMethod: {
        type: 'string',
        description: 'Cryptographic hash function used to obtain the digest',
        enum: ['sha_256'],
      },
    },
    description:
      'Object containing the digestValue and digestMethod describing the cryptographic hash function of an item',
  },
  EboxId: {
    type: 'object',
    required: ['eboxType', 'eboxIdValue'],
    properties: {
      eboxType: {
        type: 'string',
        enum: ['enterprise', 'citizen'],
      },
      eboxIdValue: {
        type: 'string',
        example: '0406798006',
      },
    },
  },
  ForTheAttentionOf: {
    type: 'object',
    properties: {
      id: {
        type: 'string',
      },
      type: {
        type: 'string',
      },
      name: {
        type: 'string',
      },
    },
  },
  MessageToPublish: {
    type: 'object',
    description:
      'A messageToPublish is basically composed of a mandatory set of metadata (e.g. recipient, subject, messageTypeId, etc.); optional attachment(s) and/or body, with at least one main content.',
    required: ['recipient', 'subject', 'bodyMainContent', 'replyAuthorized'],
    properties: {
      recipient: {
        $ref: '#/definitions/EboxId',
      },
      forTheAttentionOf: {
        description:
          'Indication when the message is for the attention of a specific person, identified by the National registry number of this person.',
        $ref: '#/definitions/ForTheAttentionOf',
      },
      originalMessageId: {
        type: 'string',
        description: 'Id of the original message (bidirectional use case).',
      },
      subject: {
        description: 'Subject is the title of the message in each language.',
        $ref: '#/definitions/TranslatedString',
      },
      messageTypeId: {
        type: 'string',
        description: 'Identifier of a messageType',
      },
      expirationDate: {
        type: 'string',
        format: 'date-time',
        description: "Date-time (yyyy-MM-dd'T'HH:mm:ssXXX) when the message will expire in the ebox.",
      },
      senderOrganizationId: {
        type: 'string',
        example: '0406798006',
        description: 'Enterprise number (BCE - KBO number) of the sender organization',
        pattern: '[0-1][0-9]{9}',
      },
      senderApplicationId: {
        type: 'string',
        description: 'Identifier of the senderApplication',
      },
      registeredMail: {
        type: 'boolean',
        description:
          'Indicates whether or not the message was published as a registered mail in the ebox. Attention, publish a registeredMail to EBOX is only possible for EPOST service.',
        default: false,
      },
      attachments: {
        type: 'array',
        description: 'A list of attachments',
        items: {
          $ref: '#/definitions/AttachmentToPublish',
        },
      },
      bodyMainContent: {
        type: 'boolean',
        description:
          "This property must be present only if there is a body. Indicates the priority of the bodyContent: 'true' means that the body is considered as main content of the message, 'false' means it is considered as an annex. Attention, the readStatus of a message will be true as soon as a 'mainContent' is consulted.",
        default: false,
      },
      bodyContent: {
        $ref: '#/definitions/TranslatedString',
      },
      businessDataList: {
        type: 'array',
        description: 'List of business data',
        items: {
          $ref: '#/definitions/BusinessDataToPublish',
        },
      },
      paymentData: {
        type: 'object',
        description: 'The paymentData linked to the message being published',
        $ref: '#/definitions/PaymentData',
      },
      replyAuthorized: {
        type: 'boolean',
        description: 'Indicate if the message allows replies',
        default: false,
      },
    },
  },
  PaymentData: {
    type: 'object',
    required: ['amount', 'currency', 'iban', 'paymentDataId', 'vatAmount', 'dueDate'],
    properties: {
      paymentDataId: {
        type: 'string',
        description: 'Identifier of the paymentData',
      },
      amount: {
        type: 'number',
        format: 'double',
        description: 'Amount that needs to be paid, vat not included',
      },
      vatAmount: {
        type: 'number',
        format: 'double',
        description: 'Amount of the vat, to be added to the base amount when applicable',
      },
      currency: {
        type: 'string',
        description: 'Currency in which the amount must be paid, following ISO 4217',
      },
      dueDate: {
        type: 'string',
        format: 'date-time',
        description: 'Date on which the payment needs to be fulfilled',
      },
      iban: {
        type: 'string',
        description: 'Bank account on which the amount must be paid, following ISO 13616:2007',
      },
      bic: {
        type: 'string',
        description: 'Bank Identifier Code',
      },
      reference: {
        type: 'object',
        description: 'Reference added to the payment',
      },
    },
    description: 'Data concerning payments',
  },
  PublicationStatusMessage: {
    type: 'object',
    required: ['messageId', 'expirationDate'],
    properties: {
      messageId: {
        type: 'string',
        description: 'Identifier of a message',
      },
      expirationDate: {
        type: 'string',
        format: 'date-time',
        description: "Date-time (yyyy-MM-dd'T'HH:mm:ssXXX) when the message will expire in the ebox.",
      },
      code: {
        type: 'string',
        description: 'Business Code',
      },
      message: {
        type: 'string',
        description: 'Business Code Description',
      },
    },
  },
  StatusMessage: {
    type: 'object',
    required: ['code', 'id', 'message'],
    properties: {
      id: {
        type: 'string',
        format: 'uuid',
      },
      code: {
        type: 'string',
      },
      message: {
        type: 'string',
      },
      contact: {
        type: 'string',
        description:
          'no nominative contact reference, it must contain only e.g. HELP DESK/SUPPORT line emails',
      },
      environment: {
        type: 'string',
        enum: ['development', 'test', 'integration', 'acceptation', 'simulation', 'production'],
      },
    },
    description: 'A representation of a generic error message',
  },
  TranslatedString: {
    type: 'object',
    properties: {
      nl: {
        type: 'string',
      },
      fr: {
        type: 'string',
      },
      de: {
        type: 'string',
      },
    },
    description: 'Common type defined to provide a string value for each supported language among nl, fr, de',
  },
};
