import { defineRenderer, type RendererDefinition, type RenderModel } from '@smartloket/core';
import { renderCertificate } from './render.js';
import type { CertificateSpec } from './spec.js';

/** Options of {@link createCertificateRenderer}. */
export interface CertificateRendererOptions {
  /** Renderer id, e.g. `bevolking.woonst`. */
  id: string;
  /** Maps the pipeline's model to what the certificate shows. */
  layout: (model: RenderModel) => CertificateSpec | Promise<CertificateSpec>;
  /** File name of the PDF (default: `<reference>.pdf`). */
  fileName?: (model: RenderModel) => string;
}

/**
 * Adapts a certificate layout to core's renderer contract. The model's municipality, locale,
 * issue time and verification are used unless the layout sets its own.
 */
export function createCertificateRenderer(options: CertificateRendererOptions): RendererDefinition {
  return defineRenderer({
    id: options.id,
    async render(model) {
      const spec = await options.layout(model);
      const bytes = await renderCertificate({
        ...spec,
        municipality: spec.municipality ?? model.municipality,
        locale: spec.locale ?? model.locale,
        issuedAt: spec.issuedAt ?? model.issuedAt,
        verification: spec.verification ?? model.verification,
      });
      const fileName =
        options.fileName?.(model) ?? `${model.request.reference.replace(/[^\w.-]+/g, '_') || 'document'}.pdf`;
      return { bytes, mediaType: 'application/pdf', fileName };
    },
  });
}
